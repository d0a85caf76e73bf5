// Flow-control windows: overruns, overflow above 2^31-1, settings shifts, and credit handed
// back once half the window is consumed.
#include "net/http2/flow_window.h"

#include <gtest/gtest.h>

namespace kubepp::net::http2 {
namespace {

TEST(ReceiveWindow, RefusesOverrunsAndCreditsInHalves) {
  ReceiveWindow window(1000);
  EXPECT_TRUE(window.Receive(400));
  EXPECT_EQ(window.TakeCredit(), 0u);  // below half: no WINDOW_UPDATE yet
  EXPECT_TRUE(window.Receive(100));
  EXPECT_EQ(window.TakeCredit(), 500u);
  EXPECT_EQ(window.available(), 1000);
  EXPECT_TRUE(window.Receive(1000));
  EXPECT_FALSE(window.Receive(1));  // the peer sent beyond the window
}

TEST(SendWindow, GrowsWithinTheLimitAndShiftsWithSettings) {
  SendWindow window;
  EXPECT_EQ(window.available(), 65535);
  window.Consume(65535);
  EXPECT_EQ(window.available(), 0);
  EXPECT_TRUE(window.Grow(100));
  EXPECT_TRUE(window.Shift(-300));  // SETTINGS_INITIAL_WINDOW_SIZE lowered mid-stream
  EXPECT_EQ(window.available(), -200);
  EXPECT_TRUE(window.Grow(0x7fffffff - 1));
  EXPECT_FALSE(window.Grow(300));  // would exceed 2^31-1
  EXPECT_FALSE(window.Shift(300));
}

}  // namespace
}  // namespace kubepp::net::http2

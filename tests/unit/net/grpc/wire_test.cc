// gRPC's wire details: message framing, grpc-timeout, grpc-message decoding, and how every way
// an exchange can end becomes a status (HTTP status mapping, trailers-only, resets, limits).
#include "net/grpc/wire.h"

#include <gtest/gtest.h>

namespace kubepp::net::grpc {
namespace {

using http2::Exchange;
using http2::HeaderList;

TEST(GrpcWire, FramesAndUnframesOneMessage) {
  std::string framed = FrameMessage("abc");
  EXPECT_EQ(framed, std::string("\0\0\0\0\3abc", 8));
  CallResult r = UnframeMessage(framed, 100);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.response, "abc");
  EXPECT_TRUE(UnframeMessage(FrameMessage(""), 100).ok());  // an empty message is a message
}

TEST(GrpcWire, RefusesBadBodies) {
  EXPECT_EQ(UnframeMessage("", 100).code, StatusCode::kInternal);
  EXPECT_EQ(UnframeMessage(std::string("\0\0\0", 3), 100).code, StatusCode::kInternal);
  EXPECT_EQ(UnframeMessage(std::string("\1\0\0\0\1x", 6), 100).code, StatusCode::kInternal);
  EXPECT_EQ(UnframeMessage(std::string("\0\0\0\0\5ab", 7), 100).code, StatusCode::kInternal);
  EXPECT_EQ(UnframeMessage(FrameMessage("ab") + FrameMessage("cd"), 100).code,
            StatusCode::kInternal);
  CallResult big = UnframeMessage(FrameMessage(std::string(101, 'x')), 100);
  EXPECT_EQ(big.code, StatusCode::kResourceExhausted);
  EXPECT_EQ(big.message, "grpc: received message larger than max (101 vs. 100)");
}

TEST(GrpcWire, TimeoutsUseAtMostEightDigits) {
  using namespace std::chrono;
  EXPECT_EQ(EncodeTimeout(nanoseconds(1)), "1n");
  EXPECT_EQ(EncodeTimeout(milliseconds(250)), "250000u");
  EXPECT_EQ(EncodeTimeout(minutes(2)), "120000m");
  EXPECT_EQ(EncodeTimeout(minutes(15)), "900000m");
  EXPECT_EQ(EncodeTimeout(hours(30)), "108000S");
  EXPECT_EQ(EncodeTimeout(nanoseconds(1500)), "1500n");
  EXPECT_EQ(EncodeTimeout(nanoseconds(0)), "1n");  // never zero: that would mean "already over"
}

TEST(GrpcWire, PercentDecodesMessages) {
  EXPECT_EQ(PercentDecode("not found: %22abc%22%0A"), "not found: \"abc\"\n");
  EXPECT_EQ(PercentDecode("100%"), "100%");
  EXPECT_EQ(PercentDecode("%zz%4"), "%zz%4");
  EXPECT_EQ(PercentDecode("caf%C3%A9"), "caf\xc3\xa9");
}

Exchange Complete(HeaderList headers, std::string body, HeaderList trailers) {
  Exchange ex;
  ex.outcome = Exchange::Outcome::kComplete;
  ex.headers = std::move(headers);
  ex.body = std::move(body);
  ex.trailers = std::move(trailers);
  return ex;
}

const HeaderList kOkHeaders = {{":status", "200"}, {"content-type", "application/grpc"}};

TEST(GrpcWire, ResultOfAnAnswer) {
  CallResult ok =
      ResultOfExchange(Complete(kOkHeaders, FrameMessage("resp"), {{"grpc-status", "0"}}), 100);
  ASSERT_TRUE(ok.ok()) << ok.message;
  EXPECT_EQ(ok.response, "resp");

  CallResult not_found = ResultOfExchange(
      Complete(kOkHeaders, "",
               {{"grpc-status", "5"}, {"grpc-message", "container %22x%22 not found"}}),
      100);
  EXPECT_EQ(not_found.code, StatusCode::kNotFound);
  EXPECT_EQ(not_found.message, "container \"x\" not found");

  // Trailers-only: the status is in the one header block.
  HeaderList trailers_only = kOkHeaders;
  trailers_only.push_back({"grpc-status", "12"});
  trailers_only.push_back({"grpc-message", "unknown method"});
  CallResult unimplemented = ResultOfExchange(Complete(trailers_only, "", {}), 100);
  EXPECT_EQ(unimplemented.code, StatusCode::kUnimplemented);
  EXPECT_EQ(unimplemented.message, "unknown method");

  EXPECT_EQ(ResultOfExchange(Complete(kOkHeaders, FrameMessage("x"), {}), 100).code,
            StatusCode::kInternal);  // no grpc-status anywhere
  EXPECT_EQ(
      ResultOfExchange(Complete({{":status", "200"}, {"content-type", "text/html"}}, "", {}), 100)
          .code,
      StatusCode::kInternal);
  EXPECT_EQ(ResultOfExchange(Complete(kOkHeaders, "", {{"grpc-status", "x"}}), 100).code,
            StatusCode::kUnknown);
}

TEST(GrpcWire, HttpStatusesWithoutGrpcStatus) {
  struct Case {
    const char* status;
    StatusCode code;
  } cases[] = {{"400", StatusCode::kInternal},         {"401", StatusCode::kUnauthenticated},
               {"403", StatusCode::kPermissionDenied}, {"404", StatusCode::kUnimplemented},
               {"429", StatusCode::kUnavailable},      {"502", StatusCode::kUnavailable},
               {"503", StatusCode::kUnavailable},      {"504", StatusCode::kUnavailable},
               {"500", StatusCode::kUnknown}};
  for (const Case& c : cases) {
    CallResult r = ResultOfExchange(Complete({{":status", c.status}}, "", {}), 100);
    EXPECT_EQ(r.code, c.code) << c.status;
  }
  EXPECT_EQ(ResultOfExchange(Complete({{":status", "404"}}, "", {}), 100).message,
            "unexpected HTTP status code received from server: 404 (Not Found)");
}

TEST(GrpcWire, ExchangesThatDidNotFinish) {
  auto ended = [](Exchange::Outcome outcome, http2::ErrorCode code = http2::ErrorCode::kNoError) {
    Exchange ex;
    ex.outcome = outcome;
    ex.error_code = code;
    return ResultOfExchange(ex, 100).code;
  };
  EXPECT_EQ(ended(Exchange::Outcome::kRefused), StatusCode::kUnavailable);
  EXPECT_EQ(ended(Exchange::Outcome::kConnectionLost), StatusCode::kUnavailable);
  EXPECT_EQ(ended(Exchange::Outcome::kDeadlineExceeded), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(ended(Exchange::Outcome::kTooLarge), StatusCode::kResourceExhausted);
  EXPECT_EQ(ended(Exchange::Outcome::kReset, http2::ErrorCode::kCancel), StatusCode::kCancelled);
  EXPECT_EQ(ended(Exchange::Outcome::kReset, http2::ErrorCode::kRefusedStream),
            StatusCode::kUnavailable);
  EXPECT_EQ(ended(Exchange::Outcome::kReset, http2::ErrorCode::kEnhanceYourCalm),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(ended(Exchange::Outcome::kReset, http2::ErrorCode::kProtocolError),
            StatusCode::kInternal);
}

}  // namespace
}  // namespace kubepp::net::grpc

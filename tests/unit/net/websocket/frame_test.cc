#include "net/websocket/frame.h"

#include <gtest/gtest.h>

namespace kubepp::net::websocket {
namespace {

constexpr uint32_t kMask = 0x37fa213d;  // RFC 6455 section 5.7's example key

std::vector<Event> ReadAll(MessageReader& reader, MessageReader::Result* last = nullptr) {
  std::vector<Event> out;
  Event e;
  MessageReader::Result r;
  while ((r = reader.Next(&e)) == MessageReader::Result::kEvent) out.push_back(e);
  if (last) *last = r;
  return out;
}

TEST(Frame, RfcExamples) {
  // Section 5.7: a single-frame unmasked and masked text message "Hello".
  EXPECT_EQ(EncodeFrame(Opcode::kText, "Hello"), std::string("\x81\x05Hello", 7));
  EXPECT_EQ(EncodeFrame(Opcode::kText, "Hello", true, kMask), std::string("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11));
  MessageReader reader(1024);
  reader.Feed(std::string("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11));
  auto events = ReadAll(reader);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Event::Kind::kMessage);
  EXPECT_EQ(events[0].opcode, Opcode::kText);
  EXPECT_EQ(events[0].payload, "Hello");
}

TEST(Frame, LengthEncodings) {
  for (size_t n : {0u, 125u, 126u, 65535u, 65536u, 200000u}) {
    std::string payload(n, 'x');
    std::string bytes = EncodeFrame(Opcode::kBinary, payload, true, kMask);
    EXPECT_EQ(bytes.size(), n + (n <= 125 ? 2 : n <= 65535 ? 4 : 10) + 4) << n;
    MessageReader reader(1 << 20);
    // Byte by byte: the reader waits for whole frames.
    std::vector<Event> events;
    for (size_t i = 0; i < bytes.size(); i += 4096) {
      reader.Feed(std::string_view(bytes).substr(i, 4096));
      for (auto& e : ReadAll(reader)) events.push_back(e);
    }
    ASSERT_EQ(events.size(), 1u) << n;
    EXPECT_EQ(events[0].payload, payload);
  }
}

TEST(Frame, FragmentsWithControlFramesBetween) {
  std::string bytes = EncodeFrame(Opcode::kBinary, "\x01" "ab", false, kMask) +
                      EncodeFrame(Opcode::kPing, "p", true, kMask) +
                      EncodeFrame(Opcode::kContinuation, "cd", false, kMask) +
                      EncodeFrame(Opcode::kContinuation, "ef", true, kMask);
  MessageReader reader(1024);
  for (char c : bytes) reader.Feed(std::string_view(&c, 1));
  auto events = ReadAll(reader);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Event::Kind::kPing);
  EXPECT_EQ(events[0].payload, "p");
  EXPECT_EQ(events[1].kind, Event::Kind::kMessage);
  EXPECT_EQ(events[1].opcode, Opcode::kBinary);
  EXPECT_EQ(events[1].payload, "\x01" "abcdef");
}

TEST(Frame, CloseCarriesCodeAndReasonAndEndsTheStream) {
  MessageReader reader(1024);
  reader.Feed(EncodeClose(1001, "bye", kMask) + EncodeFrame(Opcode::kBinary, "late", true, kMask));
  MessageReader::Result last;
  auto events = ReadAll(reader, &last);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Event::Kind::kClose);
  EXPECT_EQ(events[0].close_code, 1001);
  EXPECT_EQ(events[0].close_reason, "bye");
  EXPECT_EQ(last, MessageReader::Result::kNeedMore);
  EXPECT_EQ(EncodeClose(1000), std::string("\x88\x02\x03\xe8", 4));

  // A close without a code, read into the event a ping used: nothing of the ping remains.
  MessageReader empty(1024);
  empty.Feed(EncodeFrame(Opcode::kPing, "ping data", true, kMask) + EncodeFrame(Opcode::kClose, "", true, kMask));
  Event reused;
  ASSERT_EQ(empty.Next(&reused), MessageReader::Result::kEvent);
  ASSERT_EQ(empty.Next(&reused), MessageReader::Result::kEvent);
  EXPECT_EQ(reused.kind, Event::Kind::kClose);
  EXPECT_EQ(reused.close_code, kCloseNoStatus);
  EXPECT_EQ(reused.payload, "");
}

struct Bad {
  std::string name;
  std::string bytes;
  uint16_t code;
};

TEST(Frame, RejectsWhatTheRfcForbids) {
  std::vector<Bad> cases = {
      {"unmasked", EncodeFrame(Opcode::kBinary, "x"), kCloseProtocolError},
      {"reserved bit", std::string("\xc2\x80\0\0\0\0", 6), kCloseProtocolError},
      {"unknown opcode", std::string("\x83\x80\0\0\0\0", 6), kCloseProtocolError},
      {"fragmented ping", EncodeFrame(Opcode::kPing, "x", false, kMask), kCloseProtocolError},
      {"long ping", EncodeFrame(Opcode::kPing, std::string(126, 'x'), true, kMask), kCloseProtocolError},
      {"stray continuation", EncodeFrame(Opcode::kContinuation, "x", true, kMask), kCloseProtocolError},
      {"message inside a message",
       EncodeFrame(Opcode::kBinary, "a", false, kMask) + EncodeFrame(Opcode::kText, "b", true, kMask),
       kCloseProtocolError},
      {"one-byte close", EncodeFrame(Opcode::kClose, "x", true, kMask), kCloseProtocolError},
      {"reserved close code", EncodeClose(1005, "", kMask), kCloseProtocolError},
      {"64th length bit", std::string("\x82\xff\x80\0\0\0\0\0\0\0", 10), kCloseProtocolError},
      {"too big", EncodeFrame(Opcode::kBinary, std::string(101, 'x'), true, kMask), kCloseMessageTooBig},
      {"too big in fragments",
       EncodeFrame(Opcode::kBinary, std::string(60, 'x'), false, kMask) +
           EncodeFrame(Opcode::kContinuation, std::string(60, 'x'), true, kMask),
       kCloseMessageTooBig},
  };
  for (const auto& c : cases) {
    MessageReader reader(100);
    reader.Feed(c.bytes);
    MessageReader::Result last;
    auto events = ReadAll(reader, &last);
    EXPECT_TRUE(events.empty()) << c.name;
    EXPECT_EQ(last, MessageReader::Result::kError) << c.name;
    EXPECT_EQ(reader.error_code(), c.code) << c.name << ": " << reader.error();
  }
}

TEST(Frame, HugeAnnouncedLengthFailsBeforeThePayloadArrives) {
  MessageReader reader(1 << 20);
  reader.Feed(std::string("\x82\xff\0\0\0\x01\0\0\0\0", 10));  // 4 GiB
  Event e;
  EXPECT_EQ(reader.Next(&e), MessageReader::Result::kError);
  EXPECT_EQ(reader.error_code(), kCloseMessageTooBig);
}

TEST(Frame, TruncatedInputWaits) {
  std::string bytes = EncodeFrame(Opcode::kBinary, "payload", true, kMask);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    MessageReader reader(1024);
    reader.Feed(bytes.substr(0, cut));
    Event e;
    EXPECT_EQ(reader.Next(&e), MessageReader::Result::kNeedMore) << cut;
  }
}

}  // namespace
}  // namespace kubepp::net::websocket

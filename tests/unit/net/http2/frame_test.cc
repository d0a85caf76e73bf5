// HTTP/2 frames: what the encoders write, what the decoder accepts (padding, priority,
// CONTINUATION, fragmented input) and the connection errors it reports for malformed frames.
#include "net/http2/frame.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "net/http2/frame_decoder.h"
#include "unit/net/http2/hex.h"

namespace kubepp::net::http2 {
namespace {

using testing::FromHex;

std::string RawFrame(uint8_t type, uint8_t flags, uint32_t stream, std::string_view payload) {
  std::string out;
  out.push_back(static_cast<char>(payload.size() >> 16));
  out.push_back(static_cast<char>(payload.size() >> 8));
  out.push_back(static_cast<char>(payload.size()));
  out.push_back(static_cast<char>(type));
  out.push_back(static_cast<char>(flags));
  out.push_back(static_cast<char>(stream >> 24));
  out.push_back(static_cast<char>(stream >> 16));
  out.push_back(static_cast<char>(stream >> 8));
  out.push_back(static_cast<char>(stream));
  out.append(payload);
  return out;
}

std::vector<Frame> DecodeAll(std::string_view bytes, FrameDecoder::Limits limits = {}) {
  FrameDecoder decoder(limits);
  decoder.Feed(bytes);
  std::vector<Frame> frames;
  Frame f;
  while (decoder.Next(&f) == FrameDecoder::Result::kFrame) frames.push_back(f);
  return frames;
}

// The connection error a decoder reports for `bytes`, or kNoError if none.
ErrorCode ErrorOf(std::string_view bytes) {
  FrameDecoder decoder;
  decoder.Feed(bytes);
  Frame f;
  FrameDecoder::Result r;
  while ((r = decoder.Next(&f)) == FrameDecoder::Result::kFrame) {
  }
  return r == FrameDecoder::Result::kError ? decoder.error_code() : ErrorCode::kNoError;
}

TEST(FrameEncoding, WritesTheNineByteHeader) {
  EXPECT_EQ(EncodeData(1, "hi", true), FromHex("000002 00 01 00000001") + "hi");
  EXPECT_EQ(EncodeRstStream(3, ErrorCode::kCancel), FromHex("000004 03 00 00000003 00000008"));
  EXPECT_EQ(EncodeSettings({{kSettingInitialWindowSize, 65536}}),
            FromHex("000006 04 00 00000000 0004 00010000"));
  EXPECT_EQ(EncodeSettingsAck(), FromHex("000000 04 01 00000000"));
  EXPECT_EQ(EncodePing("12345678", true), FromHex("000008 06 01 00000000") + "12345678");
  EXPECT_EQ(EncodeGoAway(5, ErrorCode::kProtocolError, "x"),
            FromHex("000009 07 00 00000000 00000005 00000001") + "x");
  EXPECT_EQ(EncodeWindowUpdate(0, 1000), FromHex("000004 08 00 00000000 000003e8"));
}

TEST(FrameEncoding, SplitsLargeHeaderBlocksIntoContinuations) {
  std::string block(40000, 'h');
  std::string bytes = EncodeHeaders(7, block, /*end_stream=*/true, 16384);
  // HEADERS (16384, END_STREAM) + CONTINUATION (16384) + CONTINUATION (7232, END_HEADERS).
  EXPECT_EQ(bytes.size(), block.size() + 3 * kFrameHeaderSize);
  EXPECT_EQ(bytes.substr(0, 9), FromHex("004000 01 01 00000007"));
  EXPECT_EQ(bytes.substr(9 + 16384, 9), FromHex("004000 09 00 00000007"));
  EXPECT_EQ(bytes.substr(2 * (9 + 16384), 9), FromHex("001c40 09 04 00000007"));
  std::vector<Frame> frames = DecodeAll(bytes);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].type, FrameType::kHeaders);
  EXPECT_EQ(frames[0].payload, block);
  EXPECT_TRUE(frames[0].has(kFlagEndStream));
  EXPECT_TRUE(frames[0].has(kFlagEndHeaders));
}

TEST(FrameDecoder, DecodesEveryTypeItReturns) {
  std::string bytes = EncodeData(1, "body", false) + EncodeHeaders(1, "block", true) +
                      EncodeRstStream(3, ErrorCode::kRefusedStream) +
                      EncodeSettings({{kSettingMaxFrameSize, 32768}, {0x99, 7}}) +
                      EncodePing("abcdefgh", false) + EncodeGoAway(9, ErrorCode::kNoError, "bye") +
                      EncodeWindowUpdate(5, 12345);
  std::vector<Frame> f = DecodeAll(bytes);
  ASSERT_EQ(f.size(), 7u);
  EXPECT_EQ(f[0].type, FrameType::kData);
  EXPECT_EQ(f[0].payload, "body");
  EXPECT_EQ(f[0].flow_controlled_length, 4u);
  EXPECT_EQ(f[1].type, FrameType::kHeaders);
  EXPECT_EQ(f[1].payload, "block");
  EXPECT_EQ(f[2].error_code, ErrorCode::kRefusedStream);
  EXPECT_EQ(f[2].stream_id, 3u);
  ASSERT_EQ(f[3].settings.size(), 1u);  // the unknown setting is dropped
  EXPECT_EQ(f[3].settings[0].id, kSettingMaxFrameSize);
  EXPECT_EQ(f[3].settings[0].value, 32768u);
  EXPECT_EQ(f[4].payload, "abcdefgh");
  EXPECT_EQ(f[5].last_stream_id, 9u);
  EXPECT_EQ(f[5].payload, "bye");
  EXPECT_EQ(f[6].window_increment, 12345u);
  EXPECT_EQ(f[6].stream_id, 5u);
}

TEST(FrameDecoder, StripsPaddingAndPriority) {
  // DATA, PADDED: pad length 3, "abc", 3 octets of padding; all 7 count for flow control.
  std::string data = RawFrame(0, kFlagPadded | kFlagEndStream, 1,
                              std::string("\x03"
                                          "abc\0\0\0",
                                          7));
  // HEADERS, PADDED|PRIORITY|END_HEADERS: pad 2, dependency + weight (5), "blk", 2 padding.
  std::string headers = RawFrame(1, kFlagPadded | kFlagPriority | kFlagEndHeaders, 3,
                                 std::string("\x02\x00\x00\x00\x01\x10"
                                             "blk\0\0",
                                             11));
  std::vector<Frame> f = DecodeAll(data + headers);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].payload, "abc");
  EXPECT_EQ(f[0].flow_controlled_length, 7u);
  EXPECT_TRUE(f[0].has(kFlagEndStream));
  EXPECT_EQ(f[1].payload, "blk");
  EXPECT_EQ(f[1].stream_id, 3u);
}

TEST(FrameDecoder, SkipsPriorityAndUnknownTypes) {
  std::string bytes = RawFrame(2, 0, 1, std::string(5, '\0')) +
                      RawFrame(0xfa, 0xff, 0, "whatever") + EncodePing("abcdefgh", false);
  std::vector<Frame> f = DecodeAll(bytes);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].type, FrameType::kPing);
}

TEST(FrameDecoder, AcceptsInputOneByteAtATime) {
  std::string bytes = EncodeHeaders(1, std::string(100, 'x'), false, 16384) +
                      EncodeData(1, std::string(300, 'y'), true);
  FrameDecoder decoder;
  std::vector<Frame> frames;
  Frame f;
  for (char c : bytes) {
    decoder.Feed(std::string_view(&c, 1));
    while (decoder.Next(&f) == FrameDecoder::Result::kFrame) frames.push_back(f);
  }
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[1].payload, std::string(300, 'y'));
}

TEST(FrameDecoder, ConnectionErrors) {
  // Above the frame size limit.
  EXPECT_EQ(ErrorOf(RawFrame(0, 0, 1, std::string(16385, 'x'))), ErrorCode::kFrameSizeError);
  // Stream 0 where a stream is required, a stream where 0 is required.
  EXPECT_EQ(ErrorOf(RawFrame(0, 0, 0, "x")), ErrorCode::kProtocolError);
  EXPECT_EQ(ErrorOf(RawFrame(1, kFlagEndHeaders, 0, "x")), ErrorCode::kProtocolError);
  EXPECT_EQ(ErrorOf(RawFrame(3, 0, 0, std::string(4, '\0'))), ErrorCode::kProtocolError);
  EXPECT_EQ(ErrorOf(RawFrame(4, 0, 1, "")), ErrorCode::kProtocolError);
  EXPECT_EQ(ErrorOf(RawFrame(6, 0, 1, std::string(8, '\0'))), ErrorCode::kProtocolError);
  EXPECT_EQ(ErrorOf(RawFrame(7, 0, 1, std::string(8, '\0'))), ErrorCode::kProtocolError);
  // Wrong fixed sizes.
  EXPECT_EQ(ErrorOf(RawFrame(3, 0, 1, "abc")), ErrorCode::kFrameSizeError);
  EXPECT_EQ(ErrorOf(RawFrame(4, 0, 0, "abcde")), ErrorCode::kFrameSizeError);
  EXPECT_EQ(ErrorOf(RawFrame(4, kFlagAck, 0, std::string(6, '\0'))), ErrorCode::kFrameSizeError);
  EXPECT_EQ(ErrorOf(RawFrame(6, 0, 0, "1234567")), ErrorCode::kFrameSizeError);
  EXPECT_EQ(ErrorOf(RawFrame(7, 0, 0, "1234567")), ErrorCode::kFrameSizeError);
  EXPECT_EQ(ErrorOf(RawFrame(8, 0, 0, "123")), ErrorCode::kFrameSizeError);
  EXPECT_EQ(ErrorOf(RawFrame(2, 0, 1, "1234")), ErrorCode::kFrameSizeError);
  // Padding longer than the frame.
  EXPECT_EQ(ErrorOf(RawFrame(0, kFlagPadded, 1,
                             "\x05"
                             "ab")),
            ErrorCode::kProtocolError);
  EXPECT_EQ(ErrorOf(RawFrame(0, kFlagPadded, 1, "")), ErrorCode::kProtocolError);
  EXPECT_EQ(ErrorOf(RawFrame(1, kFlagPadded | kFlagEndHeaders, 1,
                             "\x09"
                             "ab")),
            ErrorCode::kProtocolError);
  // A zero window increment.
  EXPECT_EQ(ErrorOf(EncodeWindowUpdate(0, 0)), ErrorCode::kProtocolError);
  // Bad setting values.
  EXPECT_EQ(ErrorOf(EncodeSettings({{kSettingEnablePush, 2}})), ErrorCode::kProtocolError);
  EXPECT_EQ(ErrorOf(EncodeSettings({{kSettingInitialWindowSize, 0x80000000u}})),
            ErrorCode::kFlowControlError);
  EXPECT_EQ(ErrorOf(EncodeSettings({{kSettingMaxFrameSize, 100}})), ErrorCode::kProtocolError);
  EXPECT_EQ(ErrorOf(EncodeSettings({{kSettingMaxFrameSize, 1u << 24}})), ErrorCode::kProtocolError);
  // Push is never enabled.
  EXPECT_EQ(ErrorOf(RawFrame(5, kFlagEndHeaders, 1, std::string(4, '\0'))),
            ErrorCode::kProtocolError);
  // CONTINUATION alone, or something else inside a header block.
  EXPECT_EQ(ErrorOf(RawFrame(9, kFlagEndHeaders, 1, "x")), ErrorCode::kProtocolError);
  EXPECT_EQ(ErrorOf(RawFrame(1, 0, 1, "x") + EncodePing("12345678", false)),
            ErrorCode::kProtocolError);
  EXPECT_EQ(ErrorOf(RawFrame(1, 0, 1, "x") + RawFrame(9, kFlagEndHeaders, 3, "y")),
            ErrorCode::kProtocolError);
  EXPECT_EQ(ErrorOf(RawFrame(1, 0, 1, "x") + RawFrame(0xfa, 0, 0, "")), ErrorCode::kProtocolError);
}

TEST(FrameDecoder, BoundsHeaderBlocksAcrossContinuations) {
  FrameDecoder decoder(FrameDecoder::Limits{16384, 1000});
  std::string bytes =
      RawFrame(1, 0, 1, std::string(600, 'a')) + RawFrame(9, 0, 1, std::string(600, 'b'));
  decoder.Feed(bytes);
  Frame f;
  EXPECT_EQ(decoder.Next(&f), FrameDecoder::Result::kError);
  EXPECT_EQ(decoder.error_code(), ErrorCode::kEnhanceYourCalm);
  // After an error the decoder stays failed.
  decoder.Feed(EncodePing("12345678", false));
  EXPECT_EQ(decoder.Next(&f), FrameDecoder::Result::kError);
}

TEST(FrameDecoder, IgnoresTheReservedStreamBit) {
  std::vector<Frame> f = DecodeAll(RawFrame(0, 0, 0x80000001u, "x"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].stream_id, 1u);
}

TEST(ErrorCodes, HaveTheirRfcNames) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kEnhanceYourCalm), "ENHANCE_YOUR_CALM");
  EXPECT_EQ(ErrorCodeName(static_cast<ErrorCode>(0x77)), "UNKNOWN_ERROR_0x77");
}

}  // namespace
}  // namespace kubepp::net::http2

#include "net/spdy/frame.h"

#include <gtest/gtest.h>

namespace kubepp::net::spdy {
namespace {

std::vector<Frame> ReadAll(FrameReader& reader, FrameReader::Result* last = nullptr) {
  std::vector<Frame> out;
  Frame f;
  FrameReader::Result r;
  while ((r = reader.Next(&f)) == FrameReader::Result::kFrame) out.push_back(f);
  if (last) *last = r;
  return out;
}

TEST(HeaderBlock, EncodesAsTheSpecLaysItOut) {
  std::string block = EncodeHeaderBlock({{"streamType", "error"}});
  EXPECT_EQ(block, std::string("\0\0\0\x01\0\0\0\x0astreamtype\0\0\0\x05" "error", 4 + 4 + 10 + 4 + 5));
  auto back = DecodeHeaderBlock(block);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, (HeaderList{{"streamtype", "error"}}));
}

TEST(HeaderBlock, RejectsMalformedBlocks) {
  EXPECT_FALSE(DecodeHeaderBlock("").ok());
  EXPECT_FALSE(DecodeHeaderBlock(std::string("\0\0\0\x05", 4)).ok());                      // count beyond the block
  EXPECT_FALSE(DecodeHeaderBlock(std::string("\0\0\0\x01\0\0\0\x09name\0\0\0\0", 16)).ok());  // name runs over
  EXPECT_FALSE(DecodeHeaderBlock(std::string("\0\0\0\x01\0\0\0\x01N\0\0\0\0", 13)).ok());    // not lower-case
  EXPECT_FALSE(DecodeHeaderBlock(std::string("\0\0\0\x01\0\0\0\0\0\0\0\0", 12)).ok());       // empty name
  EXPECT_FALSE(DecodeHeaderBlock(EncodeHeaderBlock({{"a", "1"}, {"a", "2"}})).ok());        // duplicate
  EXPECT_FALSE(DecodeHeaderBlock(EncodeHeaderBlock({{"a", "1"}}) + "x").ok());              // trailing bytes
}

TEST(HeaderBlock, CompressionContextsSpanBlocks) {
  HeaderCompressor out;
  HeaderDecompressor in;
  std::vector<HeaderList> blocks = {
      {{"streamtype", "error"}},
      {{"streamtype", "stdin"}, {"x-multi", std::string("a\0b", 3)}},
      {{"streamtype", "stdout"}, {"big", std::string(100000, 'z')}},
      {},
  };
  for (const auto& headers : blocks) {
    std::string compressed = out.Compress(headers);
    auto back = in.Decompress(compressed);
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(*back, headers);
  }
  // A later block needs the earlier ones: a fresh context cannot read it.
  HeaderDecompressor fresh;
  EXPECT_FALSE(fresh.Decompress(out.Compress({{"streamtype", "stderr"}})).ok());
}

TEST(HeaderBlock, RejectsGarbageAndOversizedBlocks) {
  HeaderDecompressor garbage;
  EXPECT_FALSE(garbage.Decompress("not zlib at all").ok());
  EXPECT_FALSE(garbage.Decompress(HeaderCompressor().Compress({})).ok()) << "a failed context stays failed";

  HeaderCompressor out;
  HeaderDecompressor small(1000);
  EXPECT_FALSE(small.Decompress(out.Compress({{"big", std::string(5000, 'z')}})).ok());
}

TEST(Frame, ControlFramesRoundTrip) {
  FrameWriter writer;
  // One statement each: header blocks must be compressed in wire order.
  std::string bytes = writer.SynStream(1, {{"streamtype", "error"}}, kFlagFin, 3);
  bytes += writer.SynReply(1, {});
  bytes += writer.Headers(3, {{"a", "b"}}, kFlagFin);
  bytes += writer.RstStream(5, kCancel);
  bytes += writer.Settings({{1, 7, 65536}, {0, 4, 100}});
  bytes += writer.Ping(2);
  bytes += writer.GoAway(7, 1);
  bytes += writer.WindowUpdate(9, 4096);
  bytes += writer.Data(1, "hello");
  bytes += writer.Data(3, "", true);
  FrameReader reader;
  for (size_t i = 0; i < bytes.size(); i += 7) reader.Feed(std::string_view(bytes).substr(i, 7));
  FrameReader::Result last;
  auto frames = ReadAll(reader, &last);
  EXPECT_EQ(last, FrameReader::Result::kNeedMore) << reader.error();
  ASSERT_EQ(frames.size(), 10u);
  EXPECT_EQ(frames[0].type, FrameType::kSynStream);
  EXPECT_EQ(frames[0].stream_id, 1u);
  EXPECT_EQ(frames[0].priority, 3);
  EXPECT_TRUE(frames[0].fin());
  EXPECT_EQ(frames[0].headers, (HeaderList{{"streamtype", "error"}}));
  EXPECT_EQ(frames[1].type, FrameType::kSynReply);
  EXPECT_TRUE(frames[1].headers.empty());
  EXPECT_EQ(frames[2].type, FrameType::kHeaders);
  EXPECT_EQ(frames[2].headers, (HeaderList{{"a", "b"}}));
  EXPECT_EQ(frames[3].type, FrameType::kRstStream);
  EXPECT_EQ(frames[3].status, uint32_t{kCancel});
  EXPECT_EQ(frames[4].type, FrameType::kSettings);
  ASSERT_EQ(frames[4].settings.size(), 2u);
  EXPECT_EQ(frames[4].settings[0].flags, 1);
  EXPECT_EQ(frames[4].settings[0].id, 7u);
  EXPECT_EQ(frames[4].settings[0].value, 65536u);
  EXPECT_EQ(frames[5].ping_id, 2u);
  EXPECT_EQ(frames[6].last_good_stream_id, 7u);
  EXPECT_EQ(frames[6].status, 1u);
  EXPECT_EQ(frames[7].delta_window, 4096u);
  EXPECT_EQ(frames[8].type, FrameType::kData);
  EXPECT_EQ(frames[8].data, "hello");
  EXPECT_FALSE(frames[8].fin());
  EXPECT_TRUE(frames[9].fin());
  EXPECT_TRUE(frames[9].data.empty());
}

TEST(Frame, WireLayout) {
  FrameWriter writer;
  EXPECT_EQ(writer.Ping(1), std::string("\x80\x03\x00\x06\x00\x00\x00\x04\x00\x00\x00\x01", 12));
  EXPECT_EQ(writer.Data(3, "ab", true), std::string("\x00\x00\x00\x03\x01\x00\x00\x02" "ab", 10));
  EXPECT_EQ(writer.RstStream(1, kRefusedStream),
            std::string("\x80\x03\x00\x03\x00\x00\x00\x08\x00\x00\x00\x01\x00\x00\x00\x03", 16));
}

TEST(Frame, UnknownControlTypesAreSkipped) {
  FrameWriter writer;
  std::string unknown("\x80\x03\x00\x0a\x00\x00\x00\x02xy", 10);
  FrameReader reader;
  reader.Feed(unknown + writer.Ping(4));
  auto frames = ReadAll(reader);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].type, FrameType::kPing);
}

TEST(Frame, RejectsBadFrames) {
  std::vector<std::pair<std::string, std::string>> cases = {
      {"version 2", std::string("\x80\x02\x00\x06\x00\x00\x00\x04\x00\x00\x00\x01", 12)},
      {"short ping", std::string("\x80\x03\x00\x06\x00\x00\x00\x02\x00\x01", 10)},
      {"rst length", std::string("\x80\x03\x00\x03\x00\x00\x00\x04\x00\x00\x00\x01", 12)},
      {"settings count", std::string("\x80\x03\x00\x04\x00\x00\x00\x04\x00\x00\x00\x02", 12)},
      {"data on stream 0", std::string("\x00\x00\x00\x00\x00\x00\x00\x01x", 9)},
      {"rst of stream 0", std::string("\x80\x03\x00\x03\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x01", 16)},
      {"garbage header block", std::string("\x80\x03\x00\x02\x00\x00\x00\x08\x00\x00\x00\x01zzzz", 16)},
      {"short syn_stream", std::string("\x80\x03\x00\x01\x00\x00\x00\x04\x00\x00\x00\x01", 12)},
  };
  for (const auto& [name, bytes] : cases) {
    FrameReader reader;
    reader.Feed(bytes);
    Frame f;
    EXPECT_EQ(reader.Next(&f), FrameReader::Result::kError) << name;
    EXPECT_FALSE(reader.error().empty()) << name;
  }
  FrameReader limited(100);
  limited.Feed(FrameWriter().Data(1, std::string(101, 'x')).substr(0, 8));
  Frame f;
  EXPECT_EQ(limited.Next(&f), FrameReader::Result::kError) << "too large, refused from its header alone";
}

}  // namespace
}  // namespace kubepp::net::spdy

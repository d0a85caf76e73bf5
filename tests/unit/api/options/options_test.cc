// Options read from query strings as upstream's parameter codec reads them,
// their validation messages, and the kubelet URLs built from them.
#include <gtest/gtest.h>

#include "api/options/pod_log_options.h"
#include "api/options/pod_stream_options.h"
#include "api/options/query_values.h"

namespace kubepp::api {
namespace {

TEST(QueryValuesTest, KeepsRepeatedKeysAndDecodesEscapes) {
  auto q = ParseQueryValues("command=sh&command=-c&command=echo+hi%21&stdin&x=");
  EXPECT_EQ(AllValues(q, "command"), (std::vector<std::string>{"sh", "-c", "echo hi!"}));
  EXPECT_EQ(FirstValue(q, "stdin"), "");
  EXPECT_EQ(FirstValue(q, "x"), "");
  EXPECT_EQ(FirstValue(q, "nope"), std::nullopt);
}

TEST(QueryValuesTest, EncodesAsGoDoes) {
  EXPECT_EQ(EncodeQuery({{"tty", "1"}, {"command", "sh"}, {"command", "echo 'a/b'"}, {"input", "1"}}),
            "command=sh&command=echo+%27a%2Fb%27&input=1&tty=1");
  EXPECT_EQ(QueryEscape("a-b_c.d~e"), "a-b_c.d~e");
}

TEST(PodLogOptionsTest, DecodesBooleansIntegersAndTimes) {
  auto o = DecodePodLogOptions(ParseQueryValues(
      "container=web&follow&previous=false&timestamps=TRUE&tailLines=10&limitBytes=%2B5&sinceTime=2024-05-01T10:00:00Z"));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->container, "web");
  EXPECT_TRUE(o->follow);  // present without a value: true, as upstream's codec reads it
  EXPECT_FALSE(o->previous);
  EXPECT_TRUE(o->timestamps);
  EXPECT_EQ(o->tail_lines, 10);
  EXPECT_EQ(o->limit_bytes, 5);
  ASSERT_TRUE(o->since_time.has_value());
  EXPECT_EQ(FormatRfc3339(*o->since_time), "2024-05-01T10:00:00Z");
  EXPECT_EQ(DecodePodLogOptions(ParseQueryValues("follow=0"))->follow, false);

  auto bad = DecodePodLogOptions(ParseQueryValues("tailLines=ten"));
  EXPECT_EQ(bad.status().reason(), Reason::kBadRequest);
  EXPECT_EQ(bad.status().message(), "strconv.ParseInt: parsing \"ten\": invalid syntax");
  auto bad_time = DecodePodLogOptions(ParseQueryValues("sinceTime=yesterday"));
  EXPECT_EQ(bad_time.status().message(),
            "parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"");
}

TEST(PodLogOptionsTest, ValidationMessagesAreUpstreams) {
  PodLogOptions o;
  o.tail_lines = -1;
  o.limit_bytes = 0;
  o.since_seconds = 5;
  o.since_time = Clock::TimePoint{};
  Status st = InvalidPodLogOptions("web-1", ValidatePodLogOptions(o));
  EXPECT_EQ(st.reason(), Reason::kInvalid);
  EXPECT_EQ(st.message(),
            "PodLogOptions \"web-1\" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0, "
            "limitBytes: Invalid value: 0: must be greater than 0, "
            ": Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified]");
  PodLogOptions zero;
  zero.since_seconds = 0;
  EXPECT_EQ(InvalidPodLogOptions("p", ValidatePodLogOptions(zero)).message(),
            "PodLogOptions \"p\" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0");
  EXPECT_TRUE(ValidatePodLogOptions(PodLogOptions{}).empty());
}

TEST(PodLogOptionsTest, KubeletQueryFollowsLogLocation) {
  PodLogOptions o;
  o.follow = true;
  o.timestamps = true;
  o.tail_lines = 0;
  o.limit_bytes = 100;
  o.since_time = ParseRfc3339("2024-05-01T12:00:00.5+02:00");
  EXPECT_EQ(KubeletLogQuery(o),
            "follow=true&limitBytes=100&sinceTime=2024-05-01T10%3A00%3A00Z&tailLines=0&timestamps=true");
  EXPECT_EQ(KubeletLogQuery(PodLogOptions{}), "");
}

TEST(Rfc3339Test, ParsesWhatGoParses) {
  EXPECT_TRUE(ParseRfc3339("2024-05-01T10:00:00Z"));
  EXPECT_TRUE(ParseRfc3339("2024-05-01T10:00:00.123456789Z"));
  EXPECT_TRUE(ParseRfc3339("2024-05-01T10:00:00-07:30"));
  EXPECT_FALSE(ParseRfc3339("2024-05-01 10:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2024-05-01T10:00:00"));
  EXPECT_FALSE(ParseRfc3339("2024-13-01T10:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2024-05-01T10:00:00.Z"));
  auto a = ParseRfc3339("2024-05-01T12:00:00+02:00");
  auto b = ParseRfc3339("2024-05-01T10:00:00Z");
  EXPECT_EQ(a, b);
}

TEST(PodStreamOptionsTest, ExecAndAttachQueriesForTheKubelet) {
  auto exec = DecodePodExecOptions(
      ParseQueryValues("command=sh&command=-c&command=ls+%2F&container=c1&stdin=true&stdout=true&tty=true"));
  EXPECT_EQ(exec.container, "c1");
  EXPECT_TRUE(exec.input);
  EXPECT_TRUE(exec.output);
  EXPECT_FALSE(exec.error);
  EXPECT_TRUE(exec.tty);
  EXPECT_EQ(KubeletStreamQuery(exec), "command=sh&command=-c&command=ls+%2F&input=1&output=1&tty=1");
  auto attach = DecodePodAttachOptions(ParseQueryValues("command=ignored&stderr=1&stdout=false"));
  EXPECT_TRUE(attach.command.empty());
  EXPECT_EQ(KubeletStreamQuery(attach), "error=1");
}

TEST(PodStreamOptionsTest, PortForwardPorts) {
  auto ports = DecodePortForwardPorts(ParseQueryValues("ports=80,443&ports=8080"));
  ASSERT_TRUE(ports.ok());
  EXPECT_EQ(*ports, (std::vector<int32_t>{80, 443, 8080}));
  EXPECT_EQ(KubeletPortForwardQuery(*ports), "port=80%2C443%2C8080");
  EXPECT_EQ(KubeletPortForwardQuery({}), "");
  EXPECT_EQ(DecodePortForwardPorts(ParseQueryValues("ports=http")).status().message(),
            "cannot convert to []int32: strconv.ParseUint: parsing \"http\": invalid syntax");
  EXPECT_EQ(DecodePortForwardPorts(ParseQueryValues("ports=70000")).status().message(),
            "cannot convert to []int32: strconv.ParseUint: parsing \"70000\": value out of range");
}

}  // namespace
}  // namespace kubepp::api

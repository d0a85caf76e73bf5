// Quantity tables taken from upstream's documented behaviour and its tests
// (resource/quantity_test.go at v1.32): parse values and formats, canonical
// strings, the kept input text, rounding, Value/MilliValue and Compare.
#include "api/quantity/quantity.h"

#include <gtest/gtest.h>

#include <limits>

namespace kubepp::api {
namespace {

using F = Quantity::Format;

Quantity MustParse(std::string_view s) {
  StatusOr<Quantity> q = Quantity::Parse(s);
  EXPECT_TRUE(q.ok()) << s << ": " << q.status().ToString();
  return q.ok() ? *q : Quantity();
}

Quantity Dec(int64_t value, int32_t scale, F format) { return Quantity::FromScaled(value, scale, format); }

const char* kFormatWrong =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

struct ParseCase {
  const char* input;
  Quantity expect;
};

std::vector<ParseCase> ParseTable() {
  constexpr int64_t Ki = 1024;
  return {
      {"0", Dec(0, 0, F::kDecimalSI)},
      {"0n", Dec(0, 0, F::kDecimalSI)},
      {"0u", Dec(0, 0, F::kDecimalSI)},
      {"0m", Dec(0, 0, F::kDecimalSI)},
      {"0Ki", Dec(0, 0, F::kBinarySI)},
      {"0k", Dec(0, 0, F::kDecimalSI)},
      {"0Mi", Dec(0, 0, F::kBinarySI)},
      {"0M", Dec(0, 0, F::kDecimalSI)},
      {"0Gi", Dec(0, 0, F::kBinarySI)},
      {"0G", Dec(0, 0, F::kDecimalSI)},
      {"0Ti", Dec(0, 0, F::kBinarySI)},
      {"0T", Dec(0, 0, F::kDecimalSI)},
      {"1", Dec(1, 0, F::kDecimalSI)},
      {"1Ki", Dec(Ki, 0, F::kBinarySI)},
      {"8Ki", Dec(8 * Ki, 0, F::kBinarySI)},
      {"7Mi", Dec(7 * Ki * Ki, 0, F::kBinarySI)},
      {"6Gi", Dec(6 * Ki * Ki * Ki, 0, F::kBinarySI)},
      {"5Ti", Dec(5 * Ki * Ki * Ki * Ki, 0, F::kBinarySI)},
      {"4Pi", Dec(4 * Ki * Ki * Ki * Ki * Ki, 0, F::kBinarySI)},
      {"3Ei", Dec(3 * Ki * Ki * Ki * Ki * Ki * Ki, 0, F::kBinarySI)},
      {"10Ti", Dec(10 * Ki * Ki * Ki * Ki, 0, F::kBinarySI)},
      {"100Ti", Dec(100 * Ki * Ki * Ki * Ki, 0, F::kBinarySI)},
      {"5n", Dec(5, -9, F::kDecimalSI)},
      {"4u", Dec(4, -6, F::kDecimalSI)},
      {"3m", Dec(3, -3, F::kDecimalSI)},
      {"9", Dec(9, 0, F::kDecimalSI)},
      {"8k", Dec(8, 3, F::kDecimalSI)},
      {"50k", Dec(5, 4, F::kDecimalSI)},
      {"7M", Dec(7, 6, F::kDecimalSI)},
      {"6G", Dec(6, 9, F::kDecimalSI)},
      {"5T", Dec(5, 12, F::kDecimalSI)},
      {"40T", Dec(4, 13, F::kDecimalSI)},
      {"300T", Dec(3, 14, F::kDecimalSI)},
      {"2P", Dec(2, 15, F::kDecimalSI)},
      {"1E", Dec(1, 18, F::kDecimalSI)},
      {"1E-3", Dec(1, -3, F::kDecimalExponent)},
      {"1e3", Dec(1, 3, F::kDecimalExponent)},
      {"1E6", Dec(1, 6, F::kDecimalExponent)},
      {"1e9", Dec(1, 9, F::kDecimalExponent)},
      {"1E12", Dec(1, 12, F::kDecimalExponent)},
      {"1e15", Dec(1, 15, F::kDecimalExponent)},
      {"1E18", Dec(1, 18, F::kDecimalExponent)},
      {"1e14", Dec(1, 14, F::kDecimalExponent)},
      {"1e13", Dec(1, 13, F::kDecimalExponent)},
      {"100.035k", Dec(100035, 0, F::kDecimalSI)},
      {"0.001", Dec(1, -3, F::kDecimalSI)},
      {"0.0005k", Dec(5, -1, F::kDecimalSI)},
      {"0.005", Dec(5, -3, F::kDecimalSI)},
      {"0.05", Dec(5, -2, F::kDecimalSI)},
      {"0.5", Dec(5, -1, F::kDecimalSI)},
      {"0.00050k", Dec(5, -1, F::kDecimalSI)},
      {"0.00500", Dec(5, -3, F::kDecimalSI)},
      {"0.05000", Dec(5, -2, F::kDecimalSI)},
      {"0.50000", Dec(5, -1, F::kDecimalSI)},
      {"0.5e0", Dec(5, -1, F::kDecimalExponent)},
      {"0.5e-1", Dec(5, -2, F::kDecimalExponent)},
      {"0.5e-2", Dec(5, -3, F::kDecimalExponent)},
      {"10.035M", Dec(10035, 3, F::kDecimalSI)},
      {"1.2e3", Dec(12, 2, F::kDecimalExponent)},
      {"1.3E+6", Dec(13, 5, F::kDecimalExponent)},
      {"1.40e9", Dec(14, 8, F::kDecimalExponent)},
      {"1.53E12", Dec(153, 10, F::kDecimalExponent)},
      {"1.6e15", Dec(16, 14, F::kDecimalExponent)},
      {"1.7E18", Dec(17, 17, F::kDecimalExponent)},
      {"9.01", Dec(901, -2, F::kDecimalSI)},
      {"8.1k", Dec(81, 2, F::kDecimalSI)},
      {"7.123456M", Dec(7123456, 0, F::kDecimalSI)},
      {"6.987654321G", Dec(6987654321, 0, F::kDecimalSI)},
      {"5.444T", Dec(5444, 9, F::kDecimalSI)},
      {"40.1T", Dec(401, 11, F::kDecimalSI)},
      {"300.2T", Dec(3002, 11, F::kDecimalSI)},
      {"2.5P", Dec(25, 14, F::kDecimalSI)},
      {"1.01E", Dec(101, 16, F::kDecimalSI)},
      // Things that saturate or round.
      {"3.001n", Dec(4, -9, F::kDecimalSI)},
      {"1.1E-9", Dec(2, -9, F::kDecimalExponent)},
      {"0.0000000001", Dec(1, -9, F::kDecimalSI)},
      {"0.0000000005", Dec(1, -9, F::kDecimalSI)},
      {"0.00000000050", Dec(1, -9, F::kDecimalSI)},
      {"0.5e-9", Dec(1, -9, F::kDecimalExponent)},
      {"0.9n", Dec(1, -9, F::kDecimalSI)},
      {"0.00000012345", Dec(124, -9, F::kDecimalSI)},
      {"0.00000012354", Dec(124, -9, F::kDecimalSI)},
      {"9Ei", Dec(std::numeric_limits<int64_t>::max(), 0, F::kBinarySI)},
      {"9223372036854775807Ki", Dec(std::numeric_limits<int64_t>::max(), 0, F::kBinarySI)},
      {"12E", Dec(12, 18, F::kDecimalSI)},
      // Fractional binary values.
      {"100.035Ki", Dec(10243584, -2, F::kBinarySI)},
      {"0.5Mi", Dec(512 * 1024, 0, F::kBinarySI)},
      {"0.05Gi", Dec(536870912, -1, F::kBinarySI)},
      {"0.025Ti", Dec(274877906944, -1, F::kBinarySI)},
      // Written by trolls.
      {"0.000000000001Ki", Dec(2, -9, F::kDecimalSI)},  // rounds up, changes format
      {".001", Dec(1, -3, F::kDecimalSI)},
      {".0001k", Dec(100, -3, F::kDecimalSI)},
      {"1.", Dec(1, 0, F::kDecimalSI)},
      {"1.G", Dec(1, 9, F::kDecimalSI)},
  };
}

TEST(QuantityParse, UpstreamTable) {
  for (const ParseCase& c : ParseTable()) {
    for (const char* sign : {"", "+", "-"}) {
      std::string in = std::string(sign) + c.input;
      StatusOr<Quantity> q = Quantity::Parse(in);
      ASSERT_TRUE(q.ok()) << in << ": " << q.status().ToString();
      Quantity expect = c.expect;
      if (std::string(sign) == "-") expect = Quantity().Sub(c.expect);
      EXPECT_EQ(q->Compare(expect), 0) << in << " = " << q->String() << ", want " << expect.String();
      EXPECT_EQ(q->format(), c.expect.format()) << in;
    }
  }
}

TEST(QuantityParse, Invalid) {
  EXPECT_EQ(Quantity::Parse("").status().message(), kFormatWrong);
  for (const char* in : {"1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-", " 1", "1 ",
                         "1e", "1Ki1", "1m-5", "1.5.5", "--1", "1e3.5", "1Z", "Non-Numeric"}) {
    StatusOr<Quantity> q = Quantity::Parse(in);
    EXPECT_FALSE(q.ok()) << in << " parsed as " << (q.ok() ? q->String() : "");
    if (!q.ok()) {
      EXPECT_EQ(q.status().reason(), Reason::kBadRequest);
    }
  }
  EXPECT_EQ(Quantity::Parse("aoeu").status().message(), kFormatWrong);
  EXPECT_EQ(Quantity::Parse("1.1.M").status().message(), kFormatWrong);
  EXPECT_EQ(Quantity::Parse(" 1").status().message(), kFormatWrong);
  EXPECT_EQ(Quantity::Parse("1i").status().message(), "unable to parse quantity's suffix");
  EXPECT_EQ(Quantity::Parse("1e").status().message(), "unable to parse quantity's suffix");
  EXPECT_EQ(Quantity::Parse("-3.01e-").status().message(), "unable to parse quantity's suffix");
  // Upstream's exact path needs a digit; its fast path does not.
  EXPECT_EQ(Quantity::Parse(".e-10").status().message(), "unable to parse numeric part of quantity");
  EXPECT_EQ(Quantity::Parse("Ei").status().message(), "unable to parse numeric part of quantity");
}

TEST(QuantityParse, OddButAccepted) {
  // Upstream's scanner accepts a missing number in its fast path.
  EXPECT_TRUE(MustParse(".").IsZero());
  EXPECT_TRUE(MustParse("-.").IsZero());
  EXPECT_TRUE(MustParse("-").IsZero());
  EXPECT_TRUE(MustParse("Ki").IsZero());
  EXPECT_TRUE(MustParse("m").IsZero());
  EXPECT_EQ(MustParse("-0").String(), "0");
  EXPECT_EQ(MustParse("00").String(), "0");
}

TEST(QuantityString, CanonicalFromValues) {
  constexpr int64_t Ki = 1024;
  struct Case {
    Quantity in;
    const char* expect;
    const char* alternate;
  } cases[] = {
      {Dec(Ki * Ki * Ki, 0, F::kBinarySI), "1Gi", "1024Mi"},
      {Dec(300 * Ki * Ki, 0, F::kBinarySI), "300Mi", "307200Ki"},
      {Dec(6 * Ki, 0, F::kBinarySI), "6Ki", ""},
      {Dec(1001 * Ki * Ki * Ki, 0, F::kBinarySI), "1001Gi", "1025024Mi"},
      {Dec(Ki * Ki * Ki * Ki, 0, F::kBinarySI), "1Ti", "1024Gi"},
      {Dec(5, 0, F::kBinarySI), "5", "5000m"},
      {Dec(500, -3, F::kBinarySI), "500m", "0.5"},
      {Dec(1, 9, F::kDecimalSI), "1G", "1000M"},
      {Dec(1000, 6, F::kDecimalSI), "1G", "0.001T"},
      {Dec(1000000, 3, F::kDecimalSI), "1G", ""},
      {Dec(1000000000, 0, F::kDecimalSI), "1G", ""},
      {Dec(1, -3, F::kDecimalSI), "1m", "1000u"},
      {Dec(80, -3, F::kDecimalSI), "80m", ""},
      {Dec(1080, -3, F::kDecimalSI), "1080m", "1.08"},
      {Dec(108, -2, F::kDecimalSI), "1080m", "1080000000n"},
      {Dec(10800, -4, F::kDecimalSI), "1080m", ""},
      {Dec(300, 6, F::kDecimalSI), "300M", ""},
      {Dec(1, 12, F::kDecimalSI), "1T", ""},
      {Dec(1234567, 6, F::kDecimalSI), "1234567M", ""},
      {Dec(1234567, -3, F::kBinarySI), "1234567m", ""},
      {Dec(3, 3, F::kDecimalSI), "3k", ""},
      {Dec(1025, 0, F::kBinarySI), "1025", ""},
      {Dec(0, 0, F::kDecimalSI), "0", ""},
      {Dec(0, 0, F::kBinarySI), "0", ""},
      {Dec(1, 9, F::kDecimalExponent), "1e9", ".001e12"},
      {Dec(1, -3, F::kDecimalExponent), "1e-3", "0.001e0"},
      {Dec(1, -9, F::kDecimalExponent), "1e-9", "1000e-12"},
      {Dec(80, -3, F::kDecimalExponent), "80e-3", ""},
      {Dec(300, 6, F::kDecimalExponent), "300e6", ""},
      {Dec(1, 12, F::kDecimalExponent), "1e12", ""},
      {Dec(1, 3, F::kDecimalExponent), "1e3", ""},
      {Dec(3, 3, F::kDecimalExponent), "3e3", ""},
      {Dec(0, 0, F::kDecimalExponent), "0", "00"},
      {Dec(1, -9, F::kDecimalSI), "1n", ""},
      {Dec(80, -9, F::kDecimalSI), "80n", ""},
      {Dec(1080, -9, F::kDecimalSI), "1080n", ""},
      {Dec(108, -8, F::kDecimalSI), "1080n", ""},
      {Dec(10800, -10, F::kDecimalSI), "1080n", ""},
      {Dec(1, -6, F::kDecimalSI), "1u", ""},
      {Dec(80, -6, F::kDecimalSI), "80u", ""},
      {Dec(1080, -6, F::kDecimalSI), "1080u", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.in.String(), c.expect);
    // The canonical text parses back to itself.
    EXPECT_EQ(MustParse(c.expect).String(), c.expect);
    if (*c.alternate) {
      EXPECT_EQ(MustParse(c.alternate).String(), c.expect) << c.alternate;
    }
    if (!c.in.IsZero()) {
      EXPECT_EQ(Dec(0, 0, c.in.format()).Sub(c.in).String(),
                std::string("-") + c.expect);
    }
  }
}

TEST(QuantityString, ParseEmit) {
  struct Case {
    const char* in;
    const char* expect;
  } cases[] = {
      {"1Ki", "1Ki"},       {"1Mi", "1Mi"},         {"1Gi", "1Gi"},          {"1024Mi", "1Gi"},
      {"1000M", "1G"},      {".001Ki", "1024m"},    {".000001Ki", "1024u"},  {".000000001Ki", "1024n"},
      {".000000000001Ki", "2n"},
      // The examples of the kubepp brief and upstream's documentation.
      {"1000m", "1"},       {"0.5", "500m"},        {"1.5", "1500m"},        {"1.5Gi", "1536Mi"},
      {"100M", "100M"},     {"1e3", "1e3"},         {"12e6", "12e6"},        {"1500m", "1500m"},
      {"1.5e3", "1500"},    {"2000", "2k"},         {"1024", "1024"},        {"0.1m", "100u"},
      {"0.0001m", "100n"},  {"0.00000000001", "1n"}, {"1.0001Ki", "1024102400u"}, {"1.5Ki", "1536"},
      {"2048Ki", "2Mi"},    {"1Ei", "1Ei"},         {"4Ei", "4Ei"},          {"8Ei", "9223372036854775807"},
      {"1000E", "1e21"},    {"1e21", "1e21"},       {"10e18", "10e18"},      {"1e-10", "1e-9"},
      {"-1e-10", "-1e-9"},  {"1.000", "1"},         {"1.0", "1"},
      // Upstream keeps the written text when its digits are already canonical.
      {"1.G", "1.G"},       {"+1", "+1"},           {"01", "01"},            {"1.500", "1.500"},
      {"1E6", "1E6"},       {"+1Ki", "+1Ki"},       {"01Ki", "01Ki"},        {"-5m", "-5m"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(MustParse(c.in).String(), c.expect) << c.in;
  }
  for (const Case& c : cases) {
    if (c.in[0] == '-' || c.in[0] == '+') continue;
    Quantity q = MustParse(std::string("-") + c.in);
    if (q.IsZero()) continue;
    std::string want = std::string("-") + c.expect;
    EXPECT_EQ(q.String(), want) << "-" << c.in;
  }
}

TEST(QuantityValue, RoundsAwayFromZero) {
  EXPECT_EQ(MustParse("1").Value(), 1);
  EXPECT_EQ(MustParse("1").MilliValue(), 1000);
  EXPECT_EQ(MustParse("100m").Value(), 1);
  EXPECT_EQ(MustParse("100m").MilliValue(), 100);
  EXPECT_EQ(MustParse("1500m").Value(), 2);
  EXPECT_EQ(MustParse("1n").MilliValue(), 1);
  EXPECT_EQ(MustParse("1n").Value(), 1);
  EXPECT_EQ(MustParse("0").Value(), 0);
  EXPECT_EQ(MustParse("-1500m").Value(), -2);
  EXPECT_EQ(MustParse("-1n").MilliValue(), -1);
  EXPECT_EQ(MustParse("1Gi").Value(), 1073741824);
  EXPECT_EQ(MustParse("1.5Gi").Value(), 1610612736);
  EXPECT_EQ(MustParse("1.5Ti").Value(), 1649267441664);
  EXPECT_EQ(MustParse("1.5Ti").MilliValue(), 1649267441664000);
  EXPECT_EQ(MustParse("12e6").Value(), 12000000);
  EXPECT_EQ(MustParse("1k").MilliValue(), 1000000);
  EXPECT_EQ(MustParse("9223372036854775807").Value(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(MustParse("-9223372036854775808").Value(), std::numeric_limits<int64_t>::min());
  // Beyond int64: saturated.
  EXPECT_EQ(MustParse("9223372036854775808").Value(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(MustParse("1e30").Value(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(MustParse("-1e30").Value(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(MustParse("9223372036854775807").MilliValue(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(MustParse("1e2000000000").Value(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(MustParse("1e-2000000000").MilliValue(), 1);
}

TEST(QuantityCompare, Table) {
  EXPECT_EQ(MustParse("0").Compare(MustParse("0")), 0);
  EXPECT_EQ(MustParse("100m").Compare(MustParse("50m")), 1);
  EXPECT_EQ(MustParse("50m").Compare(MustParse("100m")), -1);
  EXPECT_EQ(MustParse("10000T").Compare(MustParse("100Gi")), 1);
  EXPECT_EQ(MustParse("1").Compare(MustParse("1000m")), 0);
  EXPECT_EQ(MustParse("1Ki").Compare(MustParse("1024")), 0);
  EXPECT_EQ(MustParse("1k").Compare(MustParse("1Ki")), -1);
  EXPECT_EQ(MustParse("-1").Compare(MustParse("1n")), -1);
  EXPECT_EQ(MustParse("-2").Compare(MustParse("-1")), -1);
  EXPECT_EQ(MustParse("0").Compare(MustParse("-0")), 0);
  EXPECT_EQ(MustParse("1e2000000000").Compare(MustParse("9Ei")), 1);
  EXPECT_EQ(MustParse("1e-3").Compare(MustParse("1m")), 0);
  EXPECT_TRUE(MustParse("0m").IsZero());
  EXPECT_FALSE(MustParse("1n").IsZero());
  EXPECT_EQ(MustParse("-1").Sign(), -1);
}

TEST(QuantityArithmetic, AddSub) {
  EXPECT_EQ(MustParse("100m").Add(MustParse("900m")).String(), "1");
  EXPECT_EQ(MustParse("1Gi").Add(MustParse("1Gi")).String(), "2Gi");
  EXPECT_EQ(MustParse("1").Sub(MustParse("1500m")).String(), "-500m");
  EXPECT_EQ(MustParse("1Gi").Sub(MustParse("1Gi")).String(), "0");
  // A zero takes the other's format.
  EXPECT_EQ(Quantity().Add(MustParse("1Ki")).String(), "1Ki");
  EXPECT_EQ(Quantity().Add(MustParse("1Ki")).format(), F::kBinarySI);
  EXPECT_EQ(MustParse("1k").Add(MustParse("24")).String(), "1024");
  EXPECT_EQ(Quantity::FromMilli(1500, F::kDecimalSI).String(), "1500m");
  EXPECT_EQ(Quantity::FromInt64(2048, F::kBinarySI).String(), "2Ki");
  EXPECT_EQ(Quantity::FromInt64(-3000, F::kDecimalSI).String(), "-3k");
  EXPECT_EQ(Quantity::FromInt64(std::numeric_limits<int64_t>::min(), F::kDecimalSI).String(),
            "-9223372036854775808");
}

}  // namespace
}  // namespace kubepp::api

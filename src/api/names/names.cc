// Name and label syntax checks. The grammars are small enough to match by
// hand, which is much faster than std::regex and cannot blow the stack on
// hostile input (these run on every object the apiserver accepts). The regex
// strings below exist only to be quoted in messages, as upstream does.
#include "api/names/names.h"

#include <arpa/inet.h>

#include <cstdint>
#include <initializer_list>
#include <string>

namespace kubepp::api {
namespace {

constexpr size_t kDNS1123LabelMaxLength = 63;
constexpr size_t kDNS1123SubdomainMaxLength = 253;
constexpr size_t kDNS1035LabelMaxLength = 63;
constexpr size_t kQualifiedNameMaxLength = 63;
constexpr size_t kLabelValueMaxLength = 63;
constexpr size_t kPortNameMaxLength = 15;

constexpr const char* kDNS1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr const char* kDNS1123LabelErrMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
    "start and end with an alphanumeric character";
constexpr const char* kDNS1123SubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr const char* kDNS1123SubdomainErrMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character";
constexpr const char* kDNS1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
constexpr const char* kDNS1035LabelErrMsg =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character";
constexpr const char* kQualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr const char* kQualifiedNameErrMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";
constexpr const char* kLabelValueFmt = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr const char* kLabelValueErrMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character";
constexpr const char* kEnvVarNameFmt = "[-._a-zA-Z][-._a-zA-Z0-9]*";
constexpr const char* kEnvVarNameErrMsg =
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or "
    "'.', and must not start with a digit";
constexpr const char* kConfigMapKeyFmt = "[-._a-zA-Z0-9]+";
constexpr const char* kConfigMapKeyErrMsg =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool MatchesDNS1123Label(std::string_view v) {
  if (v.empty() || !IsLowerAlnum(v.front()) || !IsLowerAlnum(v.back())) return false;
  for (char c : v) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

// Labels joined by single dots.
bool MatchesDNS1123Subdomain(std::string_view v) {
  while (true) {
    size_t dot = v.find('.');
    if (!MatchesDNS1123Label(v.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    v.remove_prefix(dot + 1);
  }
}

// [a-z]([-a-z0-9]*[a-z0-9])?
bool MatchesDNS1035Label(std::string_view v) {
  return MatchesDNS1123Label(v) && IsLower(v.front());
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool MatchesQualifiedNamePart(std::string_view v) {
  if (v.empty() || !IsAlnum(v.front()) || !IsAlnum(v.back())) return false;
  for (char c : v) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::string MaxLenError(size_t length) {
  return "must be no more than " + std::to_string(length) + " characters";
}

// "<msg> (e.g. 'a' or 'b', regex used for validation is '<fmt>')".
std::string RegexError(std::string msg, const char* fmt, std::initializer_list<const char*> examples) {
  if (examples.size() == 0) return msg + " (regex used for validation is '" + fmt + "')";
  msg += " (e.g. ";
  bool first = true;
  for (const char* e : examples) {
    if (!first) msg += " or ";
    first = false;
    msg += "'";
    msg += e;
    msg += "', ";
  }
  msg += "regex used for validation is '";
  msg += fmt;
  msg += "')";
  return msg;
}

void AppendChDirPrefixErrors(std::string_view v, std::vector<std::string>& errs) {
  if (v == ".") {
    errs.push_back("must not be '.'");
  } else if (v == "..") {
    errs.push_back("must not be '..'");
  } else if (v.starts_with("..")) {
    errs.push_back("must not start with '..'");
  }
}

// Dotted-quad IPv4 as Go's pre-1.17 parser (ParseIPSloppy) accepts it:
// leading zeros allowed, each part at most 255.
bool ParseSloppyIPv4(std::string_view v) {
  int parts = 0;
  while (true) {
    size_t i = 0;
    uint32_t n = 0;
    while (i < v.size() && IsDigit(v[i])) {
      n = n * 10 + static_cast<uint32_t>(v[i] - '0');
      if (n > 0xFFFFFF) return false;
      ++i;
    }
    if (i == 0 || n > 255) return false;
    ++parts;
    v.remove_prefix(i);
    if (parts == 4) return v.empty();
    if (v.empty() || v.front() != '.') return false;
    v.remove_prefix(1);
  }
}

}  // namespace

std::vector<std::string> IsDNS1123Subdomain(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDNS1123SubdomainMaxLength) errs.push_back(MaxLenError(kDNS1123SubdomainMaxLength));
  if (!MatchesDNS1123Subdomain(value)) {
    errs.push_back(RegexError(kDNS1123SubdomainErrMsg, kDNS1123SubdomainFmt, {"example.com"}));
  }
  return errs;
}

std::vector<std::string> IsDNS1123Label(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDNS1123LabelMaxLength) errs.push_back(MaxLenError(kDNS1123LabelMaxLength));
  if (!MatchesDNS1123Label(value)) {
    if (MatchesDNS1123Subdomain(value)) {
      // A valid subdomain that is not a label: the length is checked above,
      // so the dots are what is wrong.
      errs.push_back("must not contain dots");
    } else {
      errs.push_back(RegexError(kDNS1123LabelErrMsg, kDNS1123LabelFmt, {"my-name", "123-abc"}));
    }
  }
  return errs;
}

std::vector<std::string> IsDNS1035Label(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDNS1035LabelMaxLength) errs.push_back(MaxLenError(kDNS1035LabelMaxLength));
  if (!MatchesDNS1035Label(value)) {
    errs.push_back(RegexError(kDNS1035LabelErrMsg, kDNS1035LabelFmt, {"my-name", "abc-123"}));
  }
  return errs;
}

std::vector<std::string> IsQualifiedName(std::string_view value) {
  std::vector<std::string> errs;
  std::string_view name = value;
  size_t slash = value.find('/');
  if (slash != std::string_view::npos) {
    if (value.find('/', slash + 1) != std::string_view::npos) {
      errs.push_back("a qualified name " +
                     RegexError(kQualifiedNameErrMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"}) +
                     " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    std::string_view prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) {
      errs.push_back("prefix part must be non-empty");
    } else {
      for (std::string& m : IsDNS1123Subdomain(prefix)) errs.push_back("prefix part " + m);
    }
  }
  if (name.empty()) {
    errs.push_back("name part must be non-empty");
  } else if (name.size() > kQualifiedNameMaxLength) {
    errs.push_back("name part " + MaxLenError(kQualifiedNameMaxLength));
  }
  if (!MatchesQualifiedNamePart(name)) {
    errs.push_back("name part " +
                   RegexError(kQualifiedNameErrMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"}));
  }
  return errs;
}

std::vector<std::string> IsValidLabelValue(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kLabelValueMaxLength) errs.push_back(MaxLenError(kLabelValueMaxLength));
  if (!value.empty() && !MatchesQualifiedNamePart(value)) {
    errs.push_back(RegexError(kLabelValueErrMsg, kLabelValueFmt, {"MyValue", "my_value", "12345"}));
  }
  return errs;
}

std::vector<std::string> IsEnvVarName(std::string_view value) {
  std::vector<std::string> errs;
  bool ok = !value.empty() && !IsDigit(value.front());
  for (char c : value) {
    if (!IsAlnum(c) && c != '-' && c != '.' && c != '_') ok = false;
  }
  if (!ok) {
    errs.push_back(RegexError(kEnvVarNameErrMsg, kEnvVarNameFmt, {"my.env-name", "MY_ENV.NAME", "MyEnvName1"}));
  }
  AppendChDirPrefixErrors(value, errs);
  return errs;
}

std::vector<std::string> IsConfigMapKey(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDNS1123SubdomainMaxLength) errs.push_back(MaxLenError(kDNS1123SubdomainMaxLength));
  bool ok = !value.empty();
  for (char c : value) {
    if (!IsAlnum(c) && c != '-' && c != '.' && c != '_') ok = false;
  }
  if (!ok) {
    errs.push_back(RegexError(kConfigMapKeyErrMsg, kConfigMapKeyFmt, {"key.name", "KEY_NAME", "key-name"}));
  }
  AppendChDirPrefixErrors(value, errs);
  return errs;
}

std::vector<std::string> IsValidPortName(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kPortNameMaxLength) errs.push_back(MaxLenError(kPortNameMaxLength));
  bool charset_ok = !value.empty();
  bool has_letter = false;
  for (char c : value) {
    if (!IsLowerAlnum(c) && c != '-') charset_ok = false;
    if (IsLower(c)) has_letter = true;
  }
  if (!charset_ok) errs.push_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!has_letter) errs.push_back("must contain at least one letter (a-z)");
  if (value.find("--") != std::string_view::npos) errs.push_back("must not contain consecutive hyphens");
  if (!value.empty() && (value.front() == '-' || value.back() == '-')) {
    errs.push_back("must not begin or end with a hyphen");
  }
  return errs;
}

std::vector<std::string> IsValidPortNum(long long port) {
  if (port >= 1 && port <= 65535) return {};
  return {"must be between 1 and 65535, inclusive"};
}

std::vector<std::string> IsValidIP(std::string_view value) {
  bool ok = false;
  if (value.find(':') == std::string_view::npos) {
    ok = ParseSloppyIPv4(value);
  } else if (value.size() < INET6_ADDRSTRLEN && value.find('%') == std::string_view::npos) {
    std::string copy(value);
    in6_addr addr;
    ok = inet_pton(AF_INET6, copy.c_str(), &addr) == 1;
  }
  if (ok) return {};
  return {"must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"};
}

}  // namespace kubepp::api

#include "kubelet/stats/go_json_indent.h"

#include <boost/json/serialize.hpp>

namespace kubepp::kubelet::stats {
namespace {

namespace json = boost::json;

void Scalar(const json::value& v, std::string& out) {
  std::string text = json::serialize(v);
  if (!v.is_string()) {
    out += text;
    return;
  }
  for (char c : text) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
}

void Write(const json::value& v, int depth, std::string& out) {
  auto newline = [&](int d) {
    out += '\n';
    out.append(static_cast<size_t>(d), ' ');
  };
  if (v.is_object()) {
    const json::object& o = v.as_object();
    if (o.empty()) {
      out += "{}";
      return;
    }
    out += '{';
    bool first = true;
    for (const auto& kv : o) {
      if (!first) out += ',';
      first = false;
      newline(depth + 1);
      Scalar(json::value(kv.key()), out);
      out += ": ";
      Write(kv.value(), depth + 1, out);
    }
    newline(depth);
    out += '}';
    return;
  }
  if (v.is_array()) {
    const json::array& a = v.as_array();
    if (a.empty()) {
      out += "[]";
      return;
    }
    out += '[';
    bool first = true;
    for (const auto& e : a) {
      if (!first) out += ',';
      first = false;
      newline(depth + 1);
      Write(e, depth + 1, out);
    }
    newline(depth);
    out += ']';
    return;
  }
  Scalar(v, out);
}

}  // namespace

std::string GoIndentedJson(const json::value& v) {
  std::string out;
  Write(v, 0, out);
  return out;
}

}  // namespace kubepp::kubelet::stats

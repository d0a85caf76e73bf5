#include "net/raw_http.h"

#include <cctype>

#include <boost/beast/http/status.hpp>

namespace kubepp::net {

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string SerializeResponse(const HttpResponse& r) {
  namespace http = boost::beast::http;
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " +
                    std::string(http::obsolete_reason(static_cast<http::status>(r.status))) + "\r\n";
  out += "Content-Type: " + r.content_type + "\r\n";
  for (const auto& [name, value] : r.headers) out += name + ": " + value + "\r\n";
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\nConnection: close\r\n\r\n";
  return out + r.body;
}

int StatusCodeOf(std::string_view head) {
  if (head.size() < 12 || head.substr(0, 5) != "HTTP/") return -1;
  size_t space = head.find(' ');
  if (space == std::string_view::npos || space + 4 > head.size()) return -1;
  int code = 0;
  for (size_t i = space + 1; i < space + 4; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(head[i]))) return -1;
    code = code * 10 + (head[i] - '0');
  }
  return code;
}

std::string HeaderValueOf(std::string_view head, std::string_view lower_name) {
  size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    size_t start = pos + 2;
    size_t end = head.find("\r\n", start);
    if (end == std::string_view::npos || end == start) break;
    std::string_view line = head.substr(start, end - start);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos && LowerAscii(line.substr(0, colon)) == lower_name) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      return std::string(value);
    }
    pos = end;
  }
  return "";
}

}  // namespace kubepp::net

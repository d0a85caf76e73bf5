#include "net/response_wire.h"

#include <algorithm>
#include <boost/beast/http/status.hpp>
#include <string_view>
#include <utility>
#include <vector>

namespace kubepp::net {
namespace {

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string ResponseWire(HttpResponse response, bool keep_alive) {
  namespace http = boost::beast::http;
  const int status = response.status;
  const bool bodiless = status / 100 == 1 || status == 204 || status == 304;
  std::vector<std::pair<std::string_view, std::string_view>> fields;
  fields.reserve(response.headers.size() + 1);
  auto set = [&fields](std::string_view name, std::string_view value) {
    std::erase_if(fields, [name](const auto& field) { return SameName(field.first, name); });
    fields.emplace_back(name, value);
  };
  set("Content-Type", response.content_type);
  for (const auto& [name, value] : response.headers) {
    if (!SameName(name, "Content-Length")) set(name, value);  // the body's own length goes out
  }
  std::string_view reason =
      http::obsolete_reason(http::int_to_status(static_cast<unsigned>(status)));
  size_t size = 64 + reason.size() + (bodiless ? 0 : response.body.size());
  for (const auto& [name, value] : fields) size += name.size() + value.size() + 4;
  std::string out;
  out.reserve(size);
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += reason;
  out += "\r\n";
  for (const auto& [name, value] : fields) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!keep_alive) out += "Connection: close\r\n";
  if (!bodiless) {
    out += "Content-Length: ";
    out += std::to_string(response.body.size());
    out += "\r\n";
  }
  out += "\r\n";
  if (!bodiless) out += response.body;
  return out;
}

}  // namespace kubepp::net

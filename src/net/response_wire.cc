#include "net/response_wire.h"

#include <algorithm>
#include <boost/beast/http/status.hpp>
#include <string_view>

namespace kubepp::net {
namespace {

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool StatusCarriesBody(int status) { return status / 100 != 1 && status != 204 && status != 304; }

void AppendField(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

}  // namespace

bool ResponseSendsBody(const HttpResponse& response, bool head_request) {
  return !head_request && StatusCarriesBody(response.status);
}

std::string ResponseHead(const HttpResponse& response, bool keep_alive) {
  namespace http = boost::beast::http;
  std::string_view content_type = response.content_type;
  for (const auto& [name, value] : response.headers) {
    if (SameName(name, "Content-Type")) content_type = value;
  }
  std::string_view reason =
      http::obsolete_reason(http::int_to_status(static_cast<unsigned>(response.status)));
  std::string out;
  out.reserve(128 + content_type.size());
  out += "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  out += reason;
  out += "\r\n";
  AppendField(out, "Content-Type", content_type);
  for (const auto& [name, value] : response.headers) {
    if (!SameName(name, "Content-Type") && !SameName(name, "Content-Length"))
      AppendField(out, name, value);
  }
  if (!keep_alive) out += "Connection: close\r\n";
  if (StatusCarriesBody(response.status))
    AppendField(out, "Content-Length", std::to_string(response.body.size()));
  out += "\r\n";
  return out;
}

}  // namespace kubepp::net

#include "net/websocket/handshake.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cctype>

#include "base/strings.h"

namespace kubepp::net::websocket {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> HeaderTokens(const HttpRequest& request, std::string_view lower_name) {
  std::vector<std::string> out;
  for (const auto& [name, value] : request.headers) {
    if (name != lower_name) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view token = Trim(rest.substr(0, comma), " \t");
      if (!token.empty()) out.emplace_back(token);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

bool IsBase64Char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/';
}

// A key is base64 of 16 random bytes: 22 characters and "==".
bool ValidKey(std::string_view key) {
  if (key.size() != 24 || key.substr(22) != "==") return false;
  for (size_t i = 0; i < 22; ++i) {
    if (!IsBase64Char(key[i])) return false;
  }
  return true;
}

}  // namespace

std::string AcceptValue(std::string_view client_key) {
  std::string input(client_key);
  input += kAcceptGuid;
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
  int n = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
  return std::string(reinterpret_cast<const char*>(encoded), static_cast<size_t>(n));
}

bool IsWebSocketRequest(const HttpRequest& request) {
  bool connection_upgrade = false;
  for (const auto& token : HeaderTokens(request, "connection")) {
    if (Lower(token) == "upgrade") connection_upgrade = true;
  }
  const std::string* upgrade = request.Header("upgrade");
  return connection_upgrade && upgrade && Lower(Trim(*upgrade, " \t")) == "websocket";
}

std::vector<std::string> OfferedProtocols(const HttpRequest& request) {
  return HeaderTokens(request, "sec-websocket-protocol");
}

bool Offers(const HttpRequest& request, std::string_view protocol) {
  for (const auto& offered : OfferedProtocols(request)) {
    if (offered == protocol) return true;
  }
  return false;
}

StatusOr<std::string> AcceptResponse(const HttpRequest& request, std::string_view protocol) {
  if (request.method != "GET") return Status::BadRequest("websocket: the client is not using the GET method");
  if (!IsWebSocketRequest(request)) return Status::BadRequest("websocket: not a websocket handshake");
  const std::string* version = request.Header("sec-websocket-version");
  if (!version || Trim(*version, " \t") != kSupportedVersion) {
    return Status::BadRequest("websocket: unsupported version: 13 not found in 'Sec-Websocket-Version' header");
  }
  const std::string* key = request.Header("sec-websocket-key");
  if (!key || !ValidKey(Trim(*key, " \t"))) {
    return Status::BadRequest("websocket: not a websocket handshake: 'Sec-WebSocket-Key' header must be Base64 "
                              "encoded value of 16-byte in length");
  }
  std::string out =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ";
  out += AcceptValue(Trim(*key, " \t"));
  out += "\r\n";
  if (!protocol.empty()) {
    out += "Sec-WebSocket-Protocol: ";
    out += protocol;
    out += "\r\n";
  }
  out += "\r\n";
  return out;
}

}  // namespace kubepp::net::websocket

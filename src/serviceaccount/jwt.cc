#include "serviceaccount/jwt.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "base/base64.h"

namespace kubepp::serviceaccount {
namespace {

StatusOr<boost::json::object> DecodeSegment(std::string_view segment, const char* what) {
  auto bytes = base64::DecodeRawUrl(segment);
  if (!bytes) return Status::BadRequest(std::string("the token's ") + what + " is not base64url");
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*bytes, ec);
  if (ec || !v.is_object()) return Status::BadRequest(std::string("the token's ") + what + " is not a JSON object");
  return std::move(v.as_object());
}

}  // namespace

StatusOr<std::string> SignJwt(const PrivateKey& key, const boost::json::object& claims) {
  boost::json::object header;
  header["alg"] = AlgorithmName(key.algorithm());
  header["kid"] = key.key_id();
  std::string input = base64::EncodeRawUrl(boost::json::serialize(header)) + "." +
                      base64::EncodeRawUrl(boost::json::serialize(claims));
  auto signature = key.Sign(input);
  if (!signature.ok()) return signature.status();
  return input + "." + base64::EncodeRawUrl(*signature);
}

StatusOr<ParsedJwt> ParseJwt(std::string_view token) {
  size_t first = token.find('.');
  size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return Status::BadRequest("a JWT has three dot-separated parts");
  }
  ParsedJwt jwt;
  auto header = DecodeSegment(token.substr(0, first), "header");
  if (!header.ok()) return header.status();
  auto claims = DecodeSegment(token.substr(first + 1, second - first - 1), "claims");
  if (!claims.ok()) return claims.status();
  auto signature = base64::DecodeRawUrl(token.substr(second + 1));
  if (!signature) return Status::BadRequest("the token's signature is not base64url");
  jwt.header = std::move(*header);
  jwt.claims = std::move(*claims);
  jwt.signing_input = std::string(token.substr(0, second));
  jwt.signature = std::move(*signature);
  return jwt;
}

bool VerifyJwt(const ParsedJwt& jwt, const std::vector<PublicKey>& keys) {
  const auto* alg = jwt.header.if_contains("alg");
  if (alg == nullptr || !alg->is_string()) return false;
  for (const auto& key : keys) {
    if (alg->get_string() != AlgorithmName(key.algorithm())) continue;
    if (key.Verify(jwt.signing_input, jwt.signature)) return true;
  }
  return false;
}

}  // namespace kubepp::serviceaccount

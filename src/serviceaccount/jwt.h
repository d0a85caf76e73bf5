// JSON Web Tokens in JWS compact form (RFC 7515/7519):
// base64url(header) "." base64url(claims) "." base64url(signature), with
// the header {"alg":"ES256"|"RS256","kid":<key id>} upstream's service
// account tokens carry.
//
// Parsing only splits and decodes; trust comes from VerifyJwt, which checks
// the signature against the keys the caller trusts. A token whose header
// names another algorithm than the key's (including "none") never verifies.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"
#include "serviceaccount/keys.h"

namespace kubepp::serviceaccount {

struct ParsedJwt {
  boost::json::object header;
  boost::json::object claims;
  std::string signing_input;  // "<header>.<claims>" exactly as received
  std::string signature;      // decoded
};

// Serializes `claims` (keys in the order given) and signs them.
StatusOr<std::string> SignJwt(const PrivateKey& key, const boost::json::object& claims);

// Splits and decodes a compact JWS; BadRequest when `token` is not one.
StatusOr<ParsedJwt> ParseJwt(std::string_view token);

// True when one of `keys` signed `jwt` with the algorithm its header names.
bool VerifyJwt(const ParsedJwt& jwt, const std::vector<PublicKey>& keys);

}  // namespace kubepp::serviceaccount

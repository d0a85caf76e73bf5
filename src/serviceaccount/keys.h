// Service account signing keys: the private key the apiserver signs tokens
// with and the public keys it verifies them with, as upstream's
// --service-account-signing-key-file and --service-account-key-file hold
// them (PEM; ECDSA P-256 signs ES256, RSA signs RS256).
//
// A key's id ("kid" in a token's header) is upstream's: the unpadded
// URL-safe base64 of the SHA-256 of the public key's DER
// SubjectPublicKeyInfo, so tokens name the key that verifies them the same
// way upstream's do.
//
// EnsureSigningKeyFiles creates <dir>/sa.key and <dir>/sa.pub (kubeadm's
// names) once, next to the cluster PKI, and keeps them on later starts:
// tokens already handed out stay valid across restarts.
//
// Thread safety: keys are immutable after loading; Sign and Verify may be
// called from any thread concurrently (each call uses its own OpenSSL
// context).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"

namespace kubepp::serviceaccount {

// The JWS algorithm a key signs with.
enum class Algorithm { kES256, kRS256 };
std::string_view AlgorithmName(Algorithm a);  // "ES256", "RS256"

class PublicKey {
 public:
  // A PEM "PUBLIC KEY" (or the public half of a PEM private key, or of a
  // certificate), as upstream's --service-account-key-file accepts them.
  // A file may hold several; each becomes one key.
  static StatusOr<std::vector<PublicKey>> AllFromPem(std::string_view pem);

  Algorithm algorithm() const;
  const std::string& key_id() const;
  // True when `signature` (JWS form: R||S for ES256, PKCS#1 v1.5 for RS256)
  // signs `data` under this key.
  bool Verify(std::string_view data, std::string_view signature) const;
  // The key as a JSON Web Key (RFC 7517) for the issuer's JWKS document.
  boost::json::object Jwk() const;
  std::string Pem() const;

 private:
  struct Rep;
  explicit PublicKey(std::shared_ptr<const Rep> rep) : rep_(std::move(rep)) {}
  std::shared_ptr<const Rep> rep_;
  friend class PrivateKey;
};

class PrivateKey {
 public:
  // A PEM private key (PKCS#8, "EC PRIVATE KEY" or "RSA PRIVATE KEY").
  // ECDSA keys must be on P-256 (ES256); RSA keys at least 2048 bits.
  static StatusOr<PrivateKey> FromPem(std::string_view pem);
  // A new ECDSA P-256 key.
  static StatusOr<PrivateKey> Generate();

  Algorithm algorithm() const;
  const std::string& key_id() const;
  const PublicKey& public_key() const;
  // The JWS signature of `data`: R||S (32 bytes each) for ES256.
  StatusOr<std::string> Sign(std::string_view data) const;
  std::string Pem() const;  // PKCS#8

 private:
  struct Rep;
  explicit PrivateKey(std::shared_ptr<const Rep> rep, PublicKey pub) : rep_(std::move(rep)), public_(std::move(pub)) {}
  std::shared_ptr<const Rep> rep_;
  PublicKey public_;
};

struct SigningKeyFiles {
  std::string private_key;  // <dir>/sa.key, mode 0600
  std::string public_key;   // <dir>/sa.pub
};

// Creates <dir>/sa.key (a new ECDSA P-256 key) and <dir>/sa.pub when
// sa.key is missing; rewrites sa.pub from sa.key when only sa.pub is
// missing. An unreadable existing sa.key is an error, never replaced.
StatusOr<SigningKeyFiles> EnsureSigningKeyFiles(const std::string& dir);

StatusOr<std::string> ReadKeyFile(const std::string& path);

}  // namespace kubepp::serviceaccount

#include "serviceaccount/keys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/atomic_file.h"
#include "base/base64.h"

namespace kubepp::serviceaccount {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct SigFree {
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};
struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using SigPtr = std::unique_ptr<ECDSA_SIG, SigFree>;
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;

constexpr size_t kP256CoordinateBytes = 32;
constexpr int kMinRsaBits = 2048;

std::string OpenSslErrors() {
  std::string out;
  char buf[256];
  while (unsigned long e = ERR_get_error()) {
    ERR_error_string_n(e, buf, sizeof(buf));
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

// The algorithm a key signs with, or an error for keys tokens cannot use.
StatusOr<Algorithm> AlgorithmOf(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "EC")) {
    char group[64] = {};
    size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), &len) != 1 ||
        std::string_view(group, len) != "prime256v1") {
      return Status::BadRequest("ECDSA service account keys must use the P-256 curve, not " +
                                std::string(group, len));
    }
    return Algorithm::kES256;
  }
  if (EVP_PKEY_is_a(key, "RSA")) {
    if (EVP_PKEY_get_bits(key) < kMinRsaBits) {
      return Status::BadRequest("RSA service account keys must have at least 2048 bits");
    }
    return Algorithm::kRS256;
  }
  return Status::BadRequest("service account keys must be ECDSA (P-256) or RSA");
}

std::string KeyIdOf(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key, &der);
  if (len <= 0) return "";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  EVP_Digest(der, static_cast<size_t>(len), digest, &digest_len, EVP_sha256(), nullptr);
  OPENSSL_free(der);
  return base64::EncodeRawUrl(std::string_view(reinterpret_cast<const char*>(digest), digest_len));
}

// Big-endian bytes of a key's BIGNUM parameter, left-padded to `width`
// bytes (0 = no padding).
std::string BnParam(EVP_PKEY* key, const char* name, size_t width) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) return "";
  BnPtr bn(raw);
  size_t n = width ? width : static_cast<size_t>(BN_num_bytes(bn.get()));
  std::string out(n, '\0');
  if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) < 0) return "";
  return out;
}

// Converts an ES256 signature between JWS form (R||S) and OpenSSL's DER.
StatusOr<std::string> DerToJws(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  SigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return Status::Internal("decoding an ECDSA signature: " + OpenSslErrors());
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string out(2 * kP256CoordinateBytes, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  if (BN_bn2binpad(r, bytes, kP256CoordinateBytes) < 0 ||
      BN_bn2binpad(s, bytes + kP256CoordinateBytes, kP256CoordinateBytes) < 0) {
    return Status::Internal("encoding an ECDSA signature");
  }
  return out;
}

std::string JwsToDer(std::string_view jws) {
  if (jws.size() != 2 * kP256CoordinateBytes) return "";
  const auto* bytes = reinterpret_cast<const unsigned char*>(jws.data());
  BnPtr r(BN_bin2bn(bytes, kP256CoordinateBytes, nullptr));
  BnPtr s(BN_bin2bn(bytes + kP256CoordinateBytes, kP256CoordinateBytes, nullptr));
  SigPtr sig(ECDSA_SIG_new());
  if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) return "";
  r.release();  // owned by sig now
  s.release();
  unsigned char* der = nullptr;
  int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return "";
  std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

}  // namespace

std::string_view AlgorithmName(Algorithm a) { return a == Algorithm::kES256 ? "ES256" : "RS256"; }

// --- PublicKey ---

struct PublicKey::Rep {
  PkeyPtr key;
  Algorithm algorithm;
  std::string key_id;
};

StatusOr<std::vector<PublicKey>> PublicKey::AllFromPem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Status::Internal("BIO_new_mem_buf");
  std::vector<PublicKey> keys;
  for (;;) {
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long len = 0;
    if (PEM_read_bio(bio.get(), &name, &header, &data, &len) != 1) {
      ERR_clear_error();  // the end of the input
      break;
    }
    std::string type = name;
    OPENSSL_free(name);
    OPENSSL_free(header);
    const unsigned char* p = data;
    PkeyPtr key;
    if (type == "PUBLIC KEY") {
      key.reset(d2i_PUBKEY(nullptr, &p, len));
    } else if (type == "RSA PUBLIC KEY") {
      key.reset(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, len));
    } else if (type == "CERTIFICATE") {
      X509Ptr cert(d2i_X509(nullptr, &p, len));
      if (cert) key.reset(X509_get_pubkey(cert.get()));
    } else if (type == "PRIVATE KEY" || type == "EC PRIVATE KEY" || type == "RSA PRIVATE KEY") {
      key.reset(d2i_AutoPrivateKey(nullptr, &p, len));
    } else {
      OPENSSL_free(data);
      continue;  // "EC PARAMETERS" and the like
    }
    OPENSSL_free(data);
    if (!key) return Status::BadRequest("parsing a PEM " + type + ": " + OpenSslErrors());
    auto algorithm = AlgorithmOf(key.get());
    if (!algorithm.ok()) return algorithm.status();
    auto rep = std::make_shared<Rep>();
    rep->algorithm = *algorithm;
    rep->key_id = KeyIdOf(key.get());
    rep->key = std::move(key);
    keys.push_back(PublicKey(std::move(rep)));
  }
  if (keys.empty()) return Status::BadRequest("no public keys found in PEM data");
  return keys;
}

Algorithm PublicKey::algorithm() const { return rep_->algorithm; }
const std::string& PublicKey::key_id() const { return rep_->key_id; }

bool PublicKey::Verify(std::string_view data, std::string_view signature) const {
  std::string der;
  if (rep_->algorithm == Algorithm::kES256) {
    der = JwsToDer(signature);
    if (der.empty()) return false;
    signature = der;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, rep_->key.get()) == 1 &&
            EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                             reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  ERR_clear_error();
  return ok;
}

boost::json::object PublicKey::Jwk() const {
  boost::json::object jwk;
  jwk["use"] = "sig";
  EVP_PKEY* key = rep_->key.get();
  if (rep_->algorithm == Algorithm::kES256) {
    jwk["kty"] = "EC";
    jwk["kid"] = rep_->key_id;
    jwk["crv"] = "P-256";
    jwk["alg"] = "ES256";
    jwk["x"] = base64::EncodeRawUrl(BnParam(key, OSSL_PKEY_PARAM_EC_PUB_X, kP256CoordinateBytes));
    jwk["y"] = base64::EncodeRawUrl(BnParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, kP256CoordinateBytes));
  } else {
    jwk["kty"] = "RSA";
    jwk["kid"] = rep_->key_id;
    jwk["alg"] = "RS256";
    jwk["n"] = base64::EncodeRawUrl(BnParam(key, OSSL_PKEY_PARAM_RSA_N, 0));
    jwk["e"] = base64::EncodeRawUrl(BnParam(key, OSSL_PKEY_PARAM_RSA_E, 0));
  }
  return jwk;
}

std::string PublicKey::Pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), rep_->key.get()) != 1) return "";
  return BioText(bio.get());
}

// --- PrivateKey ---

struct PrivateKey::Rep {
  PkeyPtr key;
  Algorithm algorithm;
};

StatusOr<PrivateKey> PrivateKey::FromPem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Status::Internal("BIO_new_mem_buf");
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return Status::BadRequest("parsing a PEM private key: " + OpenSslErrors());
  auto algorithm = AlgorithmOf(key.get());
  if (!algorithm.ok()) return algorithm.status();
  // The public half, as its own key object, so verification never touches the private key.
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key.get(), &der);
  if (len <= 0) return Status::Internal("encoding a public key: " + OpenSslErrors());
  const unsigned char* p = der;
  PkeyPtr pub(d2i_PUBKEY(nullptr, &p, len));
  OPENSSL_free(der);
  if (!pub) return Status::Internal("decoding a public key: " + OpenSslErrors());
  auto pub_rep = std::make_shared<PublicKey::Rep>();
  pub_rep->algorithm = *algorithm;
  pub_rep->key_id = KeyIdOf(pub.get());
  pub_rep->key = std::move(pub);
  auto rep = std::make_shared<Rep>();
  rep->algorithm = *algorithm;
  rep->key = std::move(key);
  return PrivateKey(std::move(rep), PublicKey(std::move(pub_rep)));
}

StatusOr<PrivateKey> PrivateKey::Generate() {
  PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return Status::Internal("generating an ECDSA P-256 key: " + OpenSslErrors());
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Status::Internal("encoding a private key: " + OpenSslErrors());
  }
  return FromPem(BioText(bio.get()));
}

Algorithm PrivateKey::algorithm() const { return rep_->algorithm; }
const std::string& PrivateKey::key_id() const { return public_.key_id(); }
const PublicKey& PrivateKey::public_key() const { return public_; }

StatusOr<std::string> PrivateKey::Sign(std::string_view data) const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, rep_->key.get()) != 1) {
    return Status::Internal("starting a signature: " + OpenSslErrors());
  }
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, in, data.size()) != 1) {
    return Status::Internal("sizing a signature: " + OpenSslErrors());
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, in, data.size()) != 1) {
    return Status::Internal("signing: " + OpenSslErrors());
  }
  sig.resize(len);
  if (rep_->algorithm == Algorithm::kES256) return DerToJws(sig);
  return sig;
}

std::string PrivateKey::Pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), rep_->key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return "";
  }
  return BioText(bio.get());
}

// --- Files ---

namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

StatusOr<std::string> ReadKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("reading " + path + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

StatusOr<SigningKeyFiles> EnsureSigningKeyFiles(const std::string& dir) {
  SigningKeyFiles files{dir + "/sa.key", dir + "/sa.pub"};
  std::string key_pem;
  if (Exists(files.private_key)) {
    auto read = ReadKeyFile(files.private_key);
    if (!read.ok()) return read.status();
    key_pem = std::move(*read);
  }
  StatusOr<PrivateKey> key = key_pem.empty() ? PrivateKey::Generate() : PrivateKey::FromPem(key_pem);
  if (!key.ok()) {
    return Status(key.status().reason(), files.private_key + ": " + key.status().message());
  }
  if (key_pem.empty()) {
    if (Status st = WriteFileAtomic(files.private_key, key->Pem(), 0600); !st.ok()) return st;
  }
  if (key_pem.empty() || !Exists(files.public_key)) {
    if (Status st = WriteFileAtomic(files.public_key, key->public_key().Pem(), 0644); !st.ok()) return st;
  }
  return files;
}

}  // namespace kubepp::serviceaccount

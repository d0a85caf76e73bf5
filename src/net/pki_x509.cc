// ECDSA keys and X.509 certificates with OpenSSL 3 (see pki_x509.h).
#include "net/pki_x509.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace kubepp::net::pki {
namespace {

struct BioFree { void operator()(BIO* b) const { BIO_free(b); } };
struct BnFree { void operator()(BIGNUM* b) const { BN_free(b); } };
struct ExtFree { void operator()(X509_EXTENSION* e) const { X509_EXTENSION_free(e); } };
using BioPtr = std::unique_ptr<BIO, BioFree>;

Status Fail(const std::string& what) {
  return Status::Internal(what + ": " + OpenSslErrors());
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += ',';
    out += p;
  }
  return out;
}

// Adds one extension written in openssl's config syntax ("critical,CA:TRUE").
Status AddExt(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  std::unique_ptr<X509_EXTENSION, ExtFree> ext(
      X509V3_EXT_nconf_nid(nullptr, ctx, nid, value.c_str()));
  if (!ext) return Fail("extension " + std::string(OBJ_nid2sn(nid)) + "=" + value);
  if (X509_add_ext(cert, ext.get(), -1) != 1) return Fail("X509_add_ext");
  return Status::Ok();
}

// A random positive 127-bit serial: unique without keeping a serial file.
Status SetRandomSerial(X509* cert) {
  std::unique_ptr<BIGNUM, BnFree> bn(BN_new());
  if (!bn || BN_rand(bn.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1) return Fail("BN_rand");
  ASN1_INTEGER* serial = X509_get_serialNumber(cert);
  if (BN_to_ASN1_INTEGER(bn.get(), serial) == nullptr) return Fail("BN_to_ASN1_INTEGER");
  return Status::Ok();
}

Status SetSubject(X509* cert, const CertSpec& spec) {
  X509_NAME* name = X509_get_subject_name(cert);
  for (const auto& org : spec.organizations) {
    if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(org.c_str()), -1, -1, 0) != 1) {
      return Fail("subject O=" + org);
    }
  }
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1, -1,
                                 0) != 1) {
    return Fail("subject CN=" + spec.common_name);
  }
  return Status::Ok();
}

Status AddExtensions(X509* cert, X509* issuer, const CertSpec& spec) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  if (spec.is_ca) {
    KUBEPP_RETURN_IF_ERROR(AddExt(cert, &ctx, NID_basic_constraints, "critical,CA:TRUE"));
    KUBEPP_RETURN_IF_ERROR(
        AddExt(cert, &ctx, NID_key_usage, "critical,digitalSignature,keyEncipherment,keyCertSign"));
  } else {
    KUBEPP_RETURN_IF_ERROR(AddExt(cert, &ctx, NID_basic_constraints, "critical,CA:FALSE"));
    KUBEPP_RETURN_IF_ERROR(AddExt(cert, &ctx, NID_key_usage, "critical,digitalSignature,keyEncipherment"));
  }
  std::vector<std::string> eku;
  if (spec.server_auth) eku.push_back("serverAuth");
  if (spec.client_auth) eku.push_back("clientAuth");
  if (!eku.empty()) KUBEPP_RETURN_IF_ERROR(AddExt(cert, &ctx, NID_ext_key_usage, Join(eku)));
  KUBEPP_RETURN_IF_ERROR(AddExt(cert, &ctx, NID_subject_key_identifier, "hash"));
  if (!spec.is_ca) KUBEPP_RETURN_IF_ERROR(AddExt(cert, &ctx, NID_authority_key_identifier, "keyid:always"));
  std::vector<std::string> sans;
  for (const auto& d : spec.dns_sans) sans.push_back("DNS:" + d);
  for (const auto& ip : spec.ip_sans) sans.push_back("IP:" + ip);
  if (!sans.empty()) KUBEPP_RETURN_IF_ERROR(AddExt(cert, &ctx, NID_subject_alt_name, Join(sans)));
  return Status::Ok();
}

}  // namespace

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

StatusOr<KeyPtr> GenerateKey() {
  KeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return Fail("generating an ECDSA P-256 key");
  return key;
}

StatusOr<CertPtr> IssueCert(const CertSpec& spec, EVP_PKEY* key, const Signer* signer) {
  CertPtr cert(X509_new());
  if (!cert) return Fail("X509_new");
  if (X509_set_version(cert.get(), 2) != 1) return Fail("X509_set_version");  // v3
  KUBEPP_RETURN_IF_ERROR(SetRandomSerial(cert.get()));
  // Backdate a little so that peers with a slightly slow clock accept it at once.
  if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -5 * 60) == nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(cert.get()), spec.valid_days, 0, nullptr) == nullptr) {
    return Fail("setting validity");
  }
  KUBEPP_RETURN_IF_ERROR(SetSubject(cert.get(), spec));
  X509* issuer = signer ? signer->cert : cert.get();
  EVP_PKEY* signing_key = signer ? signer->key : key;
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer)) != 1) return Fail("issuer");
  if (X509_set_pubkey(cert.get(), key) != 1) return Fail("X509_set_pubkey");
  KUBEPP_RETURN_IF_ERROR(AddExtensions(cert.get(), issuer, spec));
  if (X509_sign(cert.get(), signing_key, EVP_sha256()) <= 0) return Fail("X509_sign");
  return cert;
}

std::string CertToPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return "";
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

std::string KeyToPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) return "";
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

StatusOr<CertPtr> CertFromPem(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Fail("BIO_new_mem_buf");
  CertPtr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return Fail("parsing a PEM certificate");
  return cert;
}

StatusOr<KeyPtr> KeyFromPem(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Fail("BIO_new_mem_buf");
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return Fail("parsing a PEM private key");
  return key;
}

}  // namespace kubepp::net::pki

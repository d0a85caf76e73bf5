// Private helpers of the PKI (src/net/pki*.cc): ECDSA keys, X.509
// certificates signed by a CA, and PEM files on disk, on OpenSSL 3's EVP API.
//
// OpenSSL objects are held in unique_ptrs with their free functions so that
// every early return releases them. Nothing here is thread-hostile: each call
// builds its own objects.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"

namespace kubepp::net::pki {

struct EvpPkeyFree { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };
struct X509Free { void operator()(X509* x) const { X509_free(x); } };
using KeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyFree>;
using CertPtr = std::unique_ptr<X509, X509Free>;

// What a certificate says about its holder and what it may be used for.
struct CertSpec {
  std::string common_name;
  std::vector<std::string> organizations;  // O= entries (Kubernetes groups)
  std::vector<std::string> dns_sans;
  std::vector<std::string> ip_sans;        // textual IPv4/IPv6 addresses
  bool is_ca = false;
  bool server_auth = false;                // extendedKeyUsage serverAuth
  bool client_auth = false;                // extendedKeyUsage clientAuth
  int valid_days = 365;
};

// A CA able to sign: its certificate and private key.
struct Signer {
  X509* cert;
  EVP_PKEY* key;
};

// A new ECDSA P-256 key.
StatusOr<KeyPtr> GenerateKey();

// A certificate for `key` described by `spec`, signed by `signer`, or
// self-signed when signer is null (a CA's own certificate).
StatusOr<CertPtr> IssueCert(const CertSpec& spec, EVP_PKEY* key, const Signer* signer);

std::string CertToPem(X509* cert);
std::string KeyToPem(EVP_PKEY* key);  // PKCS#8, unencrypted
StatusOr<CertPtr> CertFromPem(const std::string& pem);
StatusOr<KeyPtr> KeyFromPem(const std::string& pem);


// The most recent OpenSSL error queue entries as text, clearing the queue.
std::string OpenSslErrors();

}  // namespace kubepp::net::pki

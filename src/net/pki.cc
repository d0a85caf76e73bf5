// EnsurePki and IssueClientCert (see pki.h): the cluster CA and the
// certificates the control plane needs, created once under <data-dir>/pki.
#include "net/pki.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <system_error>

#include "base/atomic_file.h"
#include "base/log.h"
#include "net/pki_x509.h"

namespace kubepp::net {
namespace {

using pki::CertSpec;

constexpr int kCaValidDays = 3650;   // 10 years, as kubeadm's CA
constexpr int kLeafValidDays = 365;  // 1 year, as kubeadm's leaf certificates
constexpr const char* kFirstServiceIp = "10.96.0.1";

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

bool IsIp(const std::string& s) {
  unsigned char buf[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

void AddUnique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

// The addresses of this node's interfaces that a client could dial: every
// IPv4 address and every IPv6 address except link-local ones (those need a
// zone, which a certificate cannot name).
std::vector<std::string> NodeAddresses() {
  std::vector<std::string> out;
  struct ifaddrs* ifs = nullptr;
  if (getifaddrs(&ifs) != 0) return out;
  for (struct ifaddrs* i = ifs; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || !(i->ifa_flags & IFF_UP)) continue;
    char text[INET6_ADDRSTRLEN] = {};
    if (i->ifa_addr->sa_family == AF_INET) {
      auto* a = reinterpret_cast<struct sockaddr_in*>(i->ifa_addr);
      if (inet_ntop(AF_INET, &a->sin_addr, text, sizeof(text)) != nullptr) AddUnique(out, text);
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      auto* a = reinterpret_cast<struct sockaddr_in6*>(i->ifa_addr);
      if (IN6_IS_ADDR_LINKLOCAL(&a->sin6_addr)) continue;
      if (inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof(text)) != nullptr) AddUnique(out, text);
    }
  }
  freeifaddrs(ifs);
  return out;
}

std::string Hostname() {
  char buf[256] = {};
  if (gethostname(buf, sizeof(buf) - 1) != 0) return "";
  return buf;
}

CertSpec ServingSpec(const PkiOptions& options) {
  CertSpec spec;
  spec.common_name = "kube-apiserver";
  spec.server_auth = true;
  spec.valid_days = kLeafValidDays;
  for (const char* dns : {"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                          "kubernetes.default.svc.cluster.local"}) {
    AddUnique(spec.dns_sans, dns);
  }
  std::string host = Hostname();
  if (!host.empty() && !IsIp(host)) AddUnique(spec.dns_sans, host);
  for (const char* ip : {"127.0.0.1", "::1", kFirstServiceIp}) AddUnique(spec.ip_sans, ip);
  for (const auto& ip : NodeAddresses()) AddUnique(spec.ip_sans, ip);
  for (const auto& san : options.extra_sans) AddUnique(IsIp(san) ? spec.ip_sans : spec.dns_sans, san);
  return spec;
}

CertSpec ClientSpec(const std::string& user, const std::vector<std::string>& groups, int days) {
  CertSpec spec;
  spec.common_name = user;
  spec.organizations = groups;
  spec.client_auth = true;
  spec.valid_days = days;
  return spec;
}

// Writes a key (0600) and its certificate (0644). The key goes first so that a
// crash in between leaves a pair EnsurePki sees as incomplete and re-issues.
Status WritePair(const std::string& cert_path, const std::string& key_path, X509* cert, EVP_PKEY* key) {
  std::string key_pem = pki::KeyToPem(key);
  std::string cert_pem = pki::CertToPem(cert);
  if (key_pem.empty() || cert_pem.empty()) return Status::Internal("PEM encoding: " + pki::OpenSslErrors());
  KUBEPP_RETURN_IF_ERROR(WriteFileAtomic(key_path, key_pem, 0600));
  return WriteFileAtomic(cert_path, cert_pem, 0644);
}

// The CA's certificate and key, loaded from disk.
struct LoadedCa {
  pki::CertPtr cert;
  pki::KeyPtr key;
};

StatusOr<LoadedCa> LoadCa(const std::string& cert_path, const std::string& key_path) {
  auto cert = pki::CertFromPem(ReadFileOrEmpty(cert_path));
  if (!cert.ok()) return Status::Internal("CA certificate " + cert_path + ": " + cert.status().message());
  auto key = pki::KeyFromPem(ReadFileOrEmpty(key_path));
  if (!key.ok()) return Status::Internal("CA key " + key_path + ": " + key.status().message());
  if (X509_check_private_key(cert->get(), key->get()) != 1) {
    return Status::Internal("CA key " + key_path + " does not match " + cert_path);
  }
  return LoadedCa{std::move(cert).value(), std::move(key).value()};
}

Status CreateCa(const PkiPaths& p) {
  auto key = pki::GenerateKey();
  if (!key.ok()) return key.status();
  CertSpec spec;
  spec.common_name = "kubernetes";
  spec.is_ca = true;
  spec.valid_days = kCaValidDays;
  auto cert = pki::IssueCert(spec, key->get(), nullptr);
  if (!cert.ok()) return cert.status();
  KLOG(INFO) << "created the cluster CA " << p.ca_cert;
  return WritePair(p.ca_cert, p.ca_key, cert->get(), key->get());
}

Status IssuePair(const LoadedCa& ca, const CertSpec& spec, const std::string& cert_path,
                 const std::string& key_path) {
  auto key = pki::GenerateKey();
  if (!key.ok()) return key.status();
  pki::Signer signer{ca.cert.get(), ca.key.get()};
  auto cert = pki::IssueCert(spec, key->get(), &signer);
  if (!cert.ok()) return cert.status();
  KLOG(INFO) << "issued " << cert_path << " (CN=" << spec.common_name << ")";
  return WritePair(cert_path, key_path, cert->get(), key->get());
}

CertSpec ServingSpecFor(const std::string& common_name, const std::vector<std::string>& sans, int days) {
  CertSpec spec;
  spec.common_name = common_name;
  spec.server_auth = true;
  spec.valid_days = days;
  for (const auto& san : sans) AddUnique(IsIp(san) ? spec.ip_sans : spec.dns_sans, san);
  return spec;
}

// Issues `spec` for a new key, signed by `signer` (null: self-signed).
StatusOr<IssuedCert> IssueToMemory(const CertSpec& spec, const pki::Signer* signer) {
  auto key = pki::GenerateKey();
  if (!key.ok()) return key.status();
  auto cert = pki::IssueCert(spec, key->get(), signer);
  if (!cert.ok()) return cert.status();
  IssuedCert out{pki::CertToPem(cert->get()), pki::KeyToPem(key->get())};
  if (out.cert_pem.empty() || out.key_pem.empty()) return Status::Internal("PEM encoding failed");
  return out;
}

}  // namespace

StatusOr<PkiPaths> EnsurePki(const PkiOptions& options) {
  if (options.dir.empty()) return Status::BadRequest("EnsurePki: empty pki directory");
  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  if (ec) return Status::Internal("create " + options.dir + ": " + ec.message());
  ::chmod(options.dir.c_str(), 0700);  // holds private keys

  const std::string d = options.dir + "/";
  PkiPaths p{d + "ca.crt",      d + "ca.key",      d + "apiserver.crt",
             d + "apiserver.key", d + "admin.crt", d + "admin.key",
             d + "apiserver-kubelet-client.crt", d + "apiserver-kubelet-client.key"};

  bool have_ca_cert = Exists(p.ca_cert), have_ca_key = Exists(p.ca_key);
  if (have_ca_cert != have_ca_key) {
    // Never replace half a CA: every certificate it signed would stop verifying.
    return Status::Internal("incomplete CA in " + options.dir + ": need both ca.crt and ca.key");
  }
  if (!have_ca_cert) KUBEPP_RETURN_IF_ERROR(CreateCa(p));

  struct Leaf {
    const std::string& cert;
    const std::string& key;
    CertSpec spec;
  };
  Leaf leaves[] = {
      {p.serving_cert, p.serving_key, ServingSpec(options)},
      {p.admin_cert, p.admin_key, ClientSpec("kubernetes-admin", {"system:masters"}, kLeafValidDays)},
      {p.kubelet_client_cert, p.kubelet_client_key,
       ClientSpec("kube-apiserver-kubelet-client", {"system:masters"}, kLeafValidDays)},
  };
  std::optional<LoadedCa> ca;  // loaded only when something needs signing
  for (const Leaf& leaf : leaves) {
    if (Exists(leaf.cert) && Exists(leaf.key)) continue;
    if (!ca) {
      auto loaded = LoadCa(p.ca_cert, p.ca_key);
      if (!loaded.ok()) return loaded.status();
      ca = std::move(loaded).value();
    }
    KUBEPP_RETURN_IF_ERROR(IssuePair(*ca, leaf.spec, leaf.cert, leaf.key));
  }
  return p;
}

StatusOr<IssuedCert> IssueClientCert(const PkiPaths& pki, const std::string& user,
                                     const std::vector<std::string>& groups, int valid_days) {
  if (user.empty()) return Status::BadRequest("IssueClientCert: empty user name");
  if (valid_days <= 0) return Status::BadRequest("IssueClientCert: valid_days must be positive");
  auto ca = LoadCa(pki.ca_cert, pki.ca_key);
  if (!ca.ok()) return ca.status();
  pki::Signer signer{ca->cert.get(), ca->key.get()};
  return IssueToMemory(ClientSpec(user, groups, valid_days), &signer);
}

StatusOr<IssuedCert> IssueServingCert(const PkiPaths& pki, const std::string& common_name,
                                      const std::vector<std::string>& sans, int valid_days) {
  if (common_name.empty()) return Status::BadRequest("IssueServingCert: empty common name");
  if (valid_days <= 0) return Status::BadRequest("IssueServingCert: valid_days must be positive");
  auto ca = LoadCa(pki.ca_cert, pki.ca_key);
  if (!ca.ok()) return ca.status();
  pki::Signer signer{ca->cert.get(), ca->key.get()};
  return IssueToMemory(ServingSpecFor(common_name, sans, valid_days), &signer);
}

StatusOr<IssuedCert> SelfSignedServingCert(const std::string& common_name,
                                           const std::vector<std::string>& sans, int valid_days) {
  if (common_name.empty()) return Status::BadRequest("SelfSignedServingCert: empty common name");
  if (valid_days <= 0) return Status::BadRequest("SelfSignedServingCert: valid_days must be positive");
  return IssueToMemory(ServingSpecFor(common_name, sans, valid_days), nullptr);
}

}  // namespace kubepp::net

namespace kubepp::net {

Status WriteCertAndKey(const std::string& cert_path, const std::string& key_path, const IssuedCert& pair) {
  KUBEPP_RETURN_IF_ERROR(WriteFileAtomic(key_path, pair.key_pem, 0600));
  return WriteFileAtomic(cert_path, pair.cert_pem, 0644);
}

}  // namespace kubepp::net

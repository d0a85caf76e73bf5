// The cluster's PKI: a CA, the apiserver's serving certificate, client
// certificates (CN = user, O = groups), and the admin kubeconfig.
//
// On first start the server calls EnsurePki(dir); later starts reuse the files.
// Keys are ECDSA P-256 (small, fast handshakes), PEM files with mode 0600 for keys.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace kubepp::net {

struct PkiPaths {
  std::string ca_cert, ca_key;
  std::string serving_cert, serving_key;
  std::string admin_cert, admin_key;
  std::string kubelet_client_cert, kubelet_client_key;  // the apiserver's client identity towards kubelets
};

struct PkiOptions {
  std::string dir;                        // <data-dir>/pki
  std::vector<std::string> extra_sans;    // more DNS names or IPs for the serving cert
};

// Creates what is missing under options.dir: ca.crt/ca.key, apiserver.crt/.key
// (SANs: localhost, 127.0.0.1, ::1, the hostname, the node's addresses, kubernetes,
// kubernetes.default, kubernetes.default.svc, kubernetes.default.svc.cluster.local,
// the first service IP 10.96.0.1, and extra_sans), admin.crt/.key
// (CN=kubernetes-admin, O=system:masters), apiserver-kubelet-client.crt/.key
// (CN=kube-apiserver-kubelet-client, O=system:masters). Existing files are kept:
// a certificate whose pair is complete is never re-issued (delete apiserver.crt to
// pick up new SANs); a pair missing its cert or key is issued again by the same CA.
// A CA with only one of ca.crt/ca.key is an error, never silently replaced.
StatusOr<PkiPaths> EnsurePki(const PkiOptions& options);

// Issues a client certificate signed by the CA (for tests and join tokens).
struct IssuedCert { std::string cert_pem, key_pem; };
StatusOr<IssuedCert> IssueClientCert(const PkiPaths& pki, const std::string& user,
                                     const std::vector<std::string>& groups, int valid_days = 365);

// A serving certificate (serverAuth) for `common_name` whose SANs are `sans`
// (each a DNS name or an IP address): signed by the cluster CA (a kubelet next
// to the server, which holds ca.key), or self-signed (a kubelet on its own, as
// upstream's kubelet does without --tls-cert-file; the apiserver does not
// verify kubelet serving certificates unless told a kubelet CA).
StatusOr<IssuedCert> IssueServingCert(const PkiPaths& pki, const std::string& common_name,
                                      const std::vector<std::string>& sans, int valid_days = 365);
StatusOr<IssuedCert> SelfSignedServingCert(const std::string& common_name,
                                           const std::vector<std::string>& sans, int valid_days = 365);

// Writes the key (mode 0600) and then the certificate (0644), each atomically.
Status WriteCertAndKey(const std::string& cert_path, const std::string& key_path, const IssuedCert& pair);

// Writes a kubeconfig (cluster "kubepp", user, context, current-context) that
// embeds the CA and the client certificate and key as base64 data.
Status WriteKubeconfig(const std::string& path, const std::string& server_url,
                       const std::string& ca_pem, const std::string& cert_pem,
                       const std::string& key_pem, const std::string& user = "kubernetes-admin");

std::string ReadFileOrEmpty(const std::string& path);

}  // namespace kubepp::net

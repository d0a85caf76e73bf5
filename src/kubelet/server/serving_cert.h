// The kubelet's serving certificate for port 10250: issued at every start so
// that its names follow the node's current addresses — signed by the cluster
// CA when the kubelet runs inside `kubepp server` (which holds ca.key), else
// self-signed, as upstream's kubelet does without --tls-cert-file. The
// apiserver does not verify kubelet certificates unless told a kubelet CA.
//
// Thread safety: call from one thread; writes files under `dir`.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "net/pki.h"

namespace kubepp::kubelet::server {

struct ServingCertFiles {
  std::string cert_file, key_file;  // <dir>/kubelet.crt, <dir>/kubelet.key (0600)
};

// `names`: the node name, host names and addresses to put in the SANs (the
// node name is the subject's CN). `cluster_ca`: the CA to sign with, or null
// to self-sign.
StatusOr<ServingCertFiles> WriteServingCert(const std::string& dir, const std::string& node_name,
                                            const std::vector<std::string>& names,
                                            const net::PkiPaths* cluster_ca);

}  // namespace kubepp::kubelet::server

// WriteKubeconfig and ReadFileOrEmpty (see pki.h).
//
// The kubeconfig is written by hand rather than through a YAML library: its
// shape is fixed, and the only free-form values (server URL, user name) are
// emitted as double-quoted YAML scalars so no character can change the structure.
#include <openssl/evp.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "base/atomic_file.h"
#include "net/pki.h"
#include "net/pki_x509.h"

namespace kubepp::net {
namespace {

constexpr const char* kClusterName = "kubepp";
constexpr const char* kContextName = "kubepp";

std::string Base64(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(n < 0 ? 0 : static_cast<size_t>(n));
  return out;
}

// A YAML double-quoted scalar (JSON string escaping is a subset YAML accepts).
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

Status WriteKubeconfig(const std::string& path, const std::string& server_url, const std::string& ca_pem,
                       const std::string& cert_pem, const std::string& key_pem, const std::string& user) {
  if (path.empty() || server_url.empty()) return Status::BadRequest("WriteKubeconfig: empty path or server");
  std::ostringstream y;
  y << "apiVersion: v1\n"
    << "kind: Config\n"
    << "clusters:\n"
    << "- name: " << kClusterName << "\n"
    << "  cluster:\n"
    << "    certificate-authority-data: " << Base64(ca_pem) << "\n"
    << "    server: " << Quote(server_url) << "\n"
    << "contexts:\n"
    << "- name: " << kContextName << "\n"
    << "  context:\n"
    << "    cluster: " << kClusterName << "\n"
    << "    user: " << Quote(user) << "\n"
    << "current-context: " << kContextName << "\n"
    << "preferences: {}\n"
    << "users:\n"
    << "- name: " << Quote(user) << "\n"
    << "  user:\n"
    << "    client-certificate-data: " << Base64(cert_pem) << "\n"
    << "    client-key-data: " << Base64(key_pem) << "\n";
  // It carries a private key: owner-only, like the keys under pki/.
  return WriteFileAtomic(path, y.str(), 0600);
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace kubepp::net

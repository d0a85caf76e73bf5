// Kubeconfig loading. Each file is read into named clusters, users and
// contexts, each entry remembering the folder of the file it came from (a
// relative certificate path resolves against it); files merge with the
// first one to define a name winning, as kubectl's loading rules do.
#include "client/kubeconfig.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "base/base64.h"

namespace kubepp::client {
namespace {

struct Entry {
  YAML::Node node;
  std::string base_dir;
};

struct Merged {
  std::map<std::string, Entry> clusters, users, contexts;
  std::string current_context;
};

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Str(const YAML::Node& node, const char* key) {
  if (!node || !node.IsMap()) return "";
  auto v = node[key];
  if (!v || !v.IsScalar()) return "";
  return v.as<std::string>();
}

std::string Resolve(const std::string& path, const std::string& base_dir) {
  if (path.empty() || path[0] == '/' || base_dir.empty()) return path;
  return (std::filesystem::path(base_dir) / path).string();
}

// PEM from "<key>-data" (base64) or "<key>" (a path).
StatusOr<std::string> Pem(const Entry& e, const YAML::Node& node, const std::string& key) {
  std::string data = Str(node, (key + "-data").c_str());
  if (!data.empty()) {
    std::optional<std::string> pem = base64::Decode(data);
    if (!pem) return Status::Invalid("kubeconfig: " + key + "-data is not valid base64");
    return *pem;
  }
  std::string path = Str(node, key.c_str());
  if (path.empty()) return std::string();
  return ReadFile(Resolve(path, e.base_dir));
}

Status AddDocument(std::string_view yaml, const std::string& base_dir, Merged* m) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& ex) {
    return Status::Invalid(std::string("kubeconfig: ") + ex.what());
  }
  if (!root || root.IsNull()) return Status::Ok();
  if (!root.IsMap()) return Status::Invalid("kubeconfig: not a mapping");
  auto add = [&](const char* list, const char* inner, std::map<std::string, Entry>* into) {
    auto items = root[list];
    if (!items || !items.IsSequence()) return;
    for (const auto& item : items) {
      std::string name = Str(item, "name");
      if (name.empty() || into->count(name)) continue;
      (*into)[name] = Entry{item[inner], base_dir};
    }
  };
  add("clusters", "cluster", &m->clusters);
  add("users", "user", &m->users);
  add("contexts", "context", &m->contexts);
  if (m->current_context.empty()) m->current_context = Str(root, "current-context");
  return Status::Ok();
}

Status ParseServer(const std::string& server, ClientConfig* c) {
  std::string_view s = server;
  if (s.rfind("https://", 0) == 0) {
    s.remove_prefix(8);
  } else if (s.rfind("http://", 0) == 0) {
    return Status::Invalid("kubeconfig: plain http servers are not supported: " + server);
  }
  s = s.substr(0, s.find('/'));
  std::string host;
  std::string_view port;
  if (!s.empty() && s[0] == '[') {
    auto close = s.find(']');
    if (close == std::string_view::npos) return Status::Invalid("kubeconfig: bad server " + server);
    host = std::string(s.substr(1, close - 1));
    if (close + 1 < s.size() && s[close + 1] == ':') port = s.substr(close + 2);
  } else {
    auto colon = s.find(':');
    host = std::string(s.substr(0, colon));
    if (colon != std::string_view::npos) port = s.substr(colon + 1);
  }
  if (host.empty()) return Status::Invalid("kubeconfig: bad server " + server);
  c->host = host;
  c->port = 443;
  if (!port.empty()) {
    int p = 0;
    for (char ch : port) {
      if (ch < '0' || ch > '9') return Status::Invalid("kubeconfig: bad port in " + server);
      p = p * 10 + (ch - '0');
      if (p > 65535) return Status::Invalid("kubeconfig: bad port in " + server);
    }
    c->port = static_cast<uint16_t>(p);
  }
  return Status::Ok();
}

StatusOr<ClientConfig> Build(const Merged& m, std::string_view context_override) {
  ClientConfig c;
  c.context = context_override.empty() ? m.current_context : std::string(context_override);
  if (c.context.empty()) return Status::Invalid("kubeconfig: no current context is set");
  auto ctx = m.contexts.find(c.context);
  if (ctx == m.contexts.end()) return Status::NotFound("kubeconfig: context \"" + c.context + "\" not found");
  c.cluster = Str(ctx->second.node, "cluster");
  c.user = Str(ctx->second.node, "user");
  c.default_namespace = Str(ctx->second.node, "namespace");
  if (c.default_namespace.empty()) c.default_namespace = "default";

  auto cluster = m.clusters.find(c.cluster);
  if (cluster == m.clusters.end()) return Status::NotFound("kubeconfig: cluster \"" + c.cluster + "\" not found");
  const auto& cn = cluster->second.node;
  c.server = Str(cn, "server");
  if (c.server.empty()) return Status::Invalid("kubeconfig: cluster \"" + c.cluster + "\" has no server");
  KUBEPP_RETURN_IF_ERROR(ParseServer(c.server, &c));
  c.tls_server_name = Str(cn, "tls-server-name");
  c.insecure_skip_tls_verify = Str(cn, "insecure-skip-tls-verify") == "true";
  auto ca = Pem(cluster->second, cn, "certificate-authority");
  if (!ca.ok()) return ca.status();
  c.ca_pem = std::move(*ca);

  if (!c.user.empty()) {
    auto user = m.users.find(c.user);
    if (user == m.users.end()) return Status::NotFound("kubeconfig: user \"" + c.user + "\" not found");
    const auto& un = user->second.node;
    auto cert = Pem(user->second, un, "client-certificate");
    if (!cert.ok()) return cert.status();
    auto key = Pem(user->second, un, "client-key");
    if (!key.ok()) return key.status();
    c.cert_pem = std::move(*cert);
    c.key_pem = std::move(*key);
    c.bearer_token = Str(un, "token");
    std::string token_file = Str(un, "tokenFile");
    if (c.bearer_token.empty() && !token_file.empty()) {
      auto token = ReadFile(Resolve(token_file, user->second.base_dir));
      if (!token.ok()) return token.status();
      c.bearer_token = *token;
      while (!c.bearer_token.empty() && (c.bearer_token.back() == '\n' || c.bearer_token.back() == '\r')) {
        c.bearer_token.pop_back();
      }
    }
  }
  return c;
}

}  // namespace

StatusOr<ClientConfig> ParseKubeconfig(std::string_view yaml, std::string_view base_dir,
                                       std::string_view context_override) {
  Merged m;
  KUBEPP_RETURN_IF_ERROR(AddDocument(yaml, std::string(base_dir), &m));
  return Build(m, context_override);
}

StatusOr<ClientConfig> LoadKubeconfig(std::string_view explicit_path, std::string_view context_override) {
  std::vector<std::string> paths;
  bool must_exist = false;
  if (!explicit_path.empty()) {
    paths.emplace_back(explicit_path);
    must_exist = true;
  } else if (const char* env = std::getenv("KUBECONFIG"); env && *env) {
    std::string_view list = env;
    while (!list.empty()) {
      auto colon = list.find(':');
      std::string_view one = list.substr(0, colon);
      if (!one.empty()) paths.emplace_back(one);
      if (colon == std::string_view::npos) break;
      list.remove_prefix(colon + 1);
    }
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    paths.push_back(std::string(home) + "/.kube/config");
  }
  Merged m;
  bool any = false;
  for (const auto& path : paths) {
    auto text = ReadFile(path);
    if (!text.ok()) {
      if (must_exist) return text.status();
      continue;  // kubectl skips missing files in $KUBECONFIG
    }
    any = true;
    std::string dir = std::filesystem::path(path).parent_path().string();
    KUBEPP_RETURN_IF_ERROR(AddDocument(*text, dir, &m));
  }
  if (!any) return Status::NotFound("no kubeconfig found (tried --kubeconfig, $KUBECONFIG, ~/.kube/config)");
  return Build(m, context_override);
}

}  // namespace kubepp::client

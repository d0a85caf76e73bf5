#include "kubelet/config/static_pods.h"

#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "api/codec/codec.h"
#include "api/defaults/defaults.h"
#include "api/resources/catalog.h"
#include "base/log.h"
#include "client/time_format.h"
#include "controllers/util/object_fields.h"

namespace kubepp::kubelet {

namespace json = boost::json;
using controllers::util::AnnotationsOf;
using controllers::util::StringAt;

namespace {

const client::Resource& PodsResource() {
  static const client::Resource r = client::Resource::Of("", "pods");
  return r;
}

std::string Md5Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::string_view Annotation(const json::object& pod, std::string_view key) {
  const json::object* a = AnnotationsOf(pod);
  if (!a) return {};
  const json::value* v = a->if_contains(key);
  return v && v->is_string() ? std::string_view(v->as_string()) : std::string_view();
}

}  // namespace

bool IsMirrorPod(const json::object& pod) { return !Annotation(pod, kConfigMirrorAnnotation).empty(); }

bool IsStaticPod(const json::object& pod) {
  std::string_view source = Annotation(pod, kConfigSourceAnnotation);
  return !source.empty() && source != "api";
}

StatusOr<json::object> StaticPodFromManifest(std::string_view text, const std::string& path,
                                             const std::string& node_name, Clock::TimePoint now) {
  auto parsed = api::ParseYaml(text);
  if (!parsed.ok()) return parsed.status();
  if (!parsed->is_object()) return Status::Invalid(path + ": not an object");
  json::object pod = parsed->as_object();
  if (StringAt(pod, {"kind"}) != "Pod") return Status::Invalid(path + ": kind is not Pod");
  if (StringAt(pod, {"metadata", "name"}).empty()) return Status::Invalid(path + ": metadata.name is required");
  json::object& meta = controllers::util::MutableObject(pod, "metadata");
  std::string source_text = json::serialize(pod);
  if (StringAt(pod, {"metadata", "uid"}).empty()) {
    meta["uid"] = Md5Hex(source_text + "host:" + node_name + "file:" + path);
  }
  std::string uid(StringAt(pod, {"metadata", "uid"}));
  meta["name"] = std::string(StringAt(pod, {"metadata", "name"})) + "-" + node_name;
  if (StringAt(pod, {"metadata", "namespace"}).empty()) meta["namespace"] = "default";
  json::object& annotations = controllers::util::MutableObject(meta, "annotations");
  annotations[kConfigHashAnnotation] = uid;
  annotations[kConfigSeenAnnotation] = client::FormatMicroTime(now);
  annotations[kConfigSourceAnnotation] = "file";
  json::object& spec = controllers::util::MutableObject(pod, "spec");
  spec["nodeName"] = node_name;
  // Static pods tolerate every NoExecute taint (upstream's file source).
  json::array tolerations;
  if (const json::value* t = spec.if_contains("tolerations"); t && t->is_array()) tolerations = t->as_array();
  tolerations.push_back(json::object{{"operator", "Exists"}, {"effect", "NoExecute"}});
  spec["tolerations"] = std::move(tolerations);
  pod["apiVersion"] = "v1";
  if (const api::ResourceInfo* info = api::Catalog::Get().Find("", "v1", "pods")) api::ApplyDefaults(*info, pod);
  json::object& status = controllers::util::MutableObject(pod, "status");
  if (StringAt(status, {"phase"}).empty()) status["phase"] = "Pending";
  return pod;
}

json::object MirrorPodFor(const json::object& static_pod, std::string_view node_uid) {
  json::object mirror = static_pod;
  json::object& meta = mirror["metadata"].as_object();
  std::string hash(Annotation(static_pod, kConfigHashAnnotation));
  meta.erase("uid");
  meta.erase("resourceVersion");
  meta["annotations"].as_object()[kConfigMirrorAnnotation] = hash;
  std::string node(StringAt(static_pod, {"spec", "nodeName"}));
  meta["ownerReferences"] = json::array{json::object{{"apiVersion", "v1"},
                                                     {"kind", "Node"},
                                                     {"name", node},
                                                     {"uid", node_uid},
                                                     {"controller", true}}};
  mirror.erase("status");
  return mirror;
}

StaticPods::StaticPods(std::string dir, std::string node_name, Clock& clock)
    : dir_(std::move(dir)), node_name_(std::move(node_name)), clock_(clock) {}

StaticPods::Changes StaticPods::Rescan() {
  std::map<std::string, std::string> texts;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.empty() || name[0] == '.') continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    if (in) texts[entry.path().string()] = text.str();
  }
  Changes changes;
  std::lock_guard lock(mu_);
  std::map<std::string, client::ObjectPtr> next;
  for (const auto& [path, text] : texts) {
    auto pod = StaticPodFromManifest(text, path, node_name_, clock_.Now());
    if (!pod.ok()) {
      KLOG(WARNING) << "kubelet: skipping static pod manifest " << path << ": " << pod.status().message();
      continue;
    }
    auto old = by_path_.find(path);
    if (old != by_path_.end() && client::UidOf(*old->second) == client::UidOf(*pod)) {
      next[path] = old->second;  // unchanged (config.seen stays as first seen)
      continue;
    }
    auto ptr = client::MakeObject(std::move(*pod));
    next[path] = ptr;
    changes.upserted.push_back(ptr);
  }
  for (const auto& [path, pod] : by_path_) {
    auto it = next.find(path);
    if (it == next.end() || client::UidOf(*it->second) != client::UidOf(*pod)) {
      changes.removed.emplace_back(client::UidOf(*pod));
    }
  }
  by_path_ = std::move(next);
  return changes;
}

std::vector<client::ObjectPtr> StaticPods::Pods() const {
  std::lock_guard lock(mu_);
  std::vector<client::ObjectPtr> out;
  for (const auto& [path, pod] : by_path_) out.push_back(pod);
  return out;
}

void StaticPods::SyncMirrors(client::ApiClient& client, const std::vector<client::ObjectPtr>& mirrors,
                             std::string_view node_uid) {
  std::map<std::string, client::ObjectPtr> wanted;  // "ns/name" -> static pod
  for (const auto& pod : Pods()) wanted[client::KeyOf(*pod)] = pod;
  std::map<std::string, client::ObjectPtr> have;
  for (const auto& m : mirrors) have[client::KeyOf(*m)] = m;
  for (const auto& [key, mirror] : have) {
    auto it = wanted.find(key);
    // A mirror someone deleted (graceful: it only got a deletionTimestamp)
    // is finished off and made again, as upstream's kubelet does.
    bool stale = it == wanted.end() || controllers::util::HasDeletionTimestamp(*mirror) ||
                 Annotation(*mirror, kConfigMirrorAnnotation) != Annotation(*it->second, kConfigHashAnnotation);
    if (!stale) continue;
    client::DeleteOptions options;
    options.grace_period_seconds = 0;
    options.precondition_uid = std::string(client::UidOf(*mirror));
    (void)client.Delete(PodsResource(), client::NamespaceOf(*mirror), client::NameOf(*mirror), options);
    if (it != wanted.end()) have.erase(key);
  }
  for (const auto& [key, pod] : wanted) {
    if (have.count(key)) continue;
    auto created = client.Create(PodsResource(), client::NamespaceOf(*pod), MirrorPodFor(*pod, node_uid));
    if (!created.ok() && created.status().reason() != Reason::kAlreadyExists) {
      KLOG(WARNING) << "kubelet: creating the mirror pod " << key << " failed: " << created.status().ToString();
    }
  }
}

}  // namespace kubepp::kubelet

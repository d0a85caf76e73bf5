// Static pods: Pods the kubelet runs from manifest files in
// --pod-manifest-path rather than from the API (upstream's file source), and
// their mirror pods — read-only copies in the API so that kubectl shows them.
//
// As upstream: a static pod is named "<name>-<node>", lives in its
// manifest's namespace (default "default"), gets a uid hashed from its
// manifest, the node and the file, and the annotations
// kubernetes.io/config.source=file, kubernetes.io/config.hash=<uid> and
// kubernetes.io/config.seen. Its mirror pod carries
// kubernetes.io/config.mirror=<hash> and is owned by the Node; the API
// assigns the mirror its own uid, so statuses go to the mirror by name.
// Deleting a mirror pod through the API does not stop the static pod: the
// kubelet recreates the mirror. Removing the file stops the pod and
// deletes the mirror.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "base/status.h"
#include "client/api_client.h"

namespace kubepp::kubelet {

inline constexpr std::string_view kConfigSourceAnnotation = "kubernetes.io/config.source";
inline constexpr std::string_view kConfigHashAnnotation = "kubernetes.io/config.hash";
inline constexpr std::string_view kConfigSeenAnnotation = "kubernetes.io/config.seen";
inline constexpr std::string_view kConfigMirrorAnnotation = "kubernetes.io/config.mirror";

bool IsMirrorPod(const boost::json::object& pod);
bool IsStaticPod(const boost::json::object& pod);

// One manifest file (YAML or JSON) as the static pod the kubelet runs.
StatusOr<boost::json::object> StaticPodFromManifest(std::string_view text, const std::string& path,
                                                    const std::string& node_name, Clock::TimePoint now);

// The mirror pod of a static pod, owned by the node (`node_uid`).
boost::json::object MirrorPodFor(const boost::json::object& static_pod, std::string_view node_uid);

class StaticPods {
 public:
  struct Changes {
    std::vector<client::ObjectPtr> upserted;  // new or changed static pods
    std::vector<std::string> removed;         // uids of pods whose file is gone
  };

  StaticPods(std::string dir, std::string node_name, Clock& clock);

  // Re-reads the directory; unreadable or invalid files are skipped (and
  // logged), like upstream's file source.
  Changes Rescan();
  std::vector<client::ObjectPtr> Pods() const;

  // Makes every static pod's mirror exist and match; deletes mirrors of
  // static pods that are gone. `mirrors` are the mirror pods of this node
  // the API holds now.
  void SyncMirrors(client::ApiClient& client, const std::vector<client::ObjectPtr>& mirrors,
                   std::string_view node_uid);

 private:
  const std::string dir_;
  const std::string node_name_;
  Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, client::ObjectPtr> by_path_;  // file -> pod
};

}  // namespace kubepp::kubelet

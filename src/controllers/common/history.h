// ControllerRevisions (apps/v1): the immutable snapshots of a DaemonSet's or
// StatefulSet's pod template that their rollouts and `kubectl rollout
// history/undo` work from (upstream's controller history package). A
// revision's data is the patch that restores the template —
// {"spec":{"template":{..., "$patch":"replace"}}} — and its revision number
// orders revisions; the newest revision is the highest number.
//
// History keeps the owner's revisions (claiming orphans its selector
// matches), finds or creates the one matching the current template, moves
// it to the top when an old template comes back (a rollback), and reports
// name collisions through the owner's status.collisionCount.
//
// Thread safety: the free functions are pure; a History is used by one sync at a time.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "api/labels/selector.h"
#include "base/status.h"
#include "client/api_client.h"
#include "client/informer.h"

namespace kubepp::controllers::common {

// The label pods and revisions carry with their revision's hash (DaemonSet) or name (StatefulSet).
inline constexpr std::string_view kControllerRevisionHashLabel = "controller-revision-hash";

// {"spec":{"template":<spec.template with "$patch":"replace">}} of `owner`.
boost::json::object TemplatePatch(const boost::json::object& owner);
int64_t RevisionNumber(const boost::json::object& revision);
// Ascending by revision number, then creation time, then name.
void SortRevisions(std::vector<client::ObjectPtr>& revisions);

struct HistoryResult {
  client::ObjectPtr current;              // the revision of the current template
  std::vector<client::ObjectPtr> old;     // every other revision the owner has
  std::string hash;                       // the current revision's hash
};

struct HistoryConfig {
  std::string owner_api_version, owner_kind;
  client::Resource owner_resource;
  // The revision's hash and name for a template patch and collision count.
  std::function<std::pair<std::string, std::string>(const boost::json::object& data, std::optional<int64_t> collisions)>
      name_for;
  // Labels for a new revision (the template's labels plus the hash label).
  std::function<boost::json::object(const std::string& hash, const std::string& name)> labels_for;
};

// Finds or makes the owner's current revision. On a name collision with a
// revision of other data it bumps status.collisionCount on the owner and
// returns Conflict (the next sync tries the next name).
StatusOr<HistoryResult> SyncHistory(client::ApiClient& client, const client::Informer& revisions,
                                    const boost::json::object& owner, const api::LabelSelector& selector,
                                    const HistoryConfig& config);

// Deletes the oldest revisions beyond `limit` that no live pod uses
// (`in_use` holds the hash-label values of live pods).
Status TruncateHistory(client::ApiClient& client, std::vector<client::ObjectPtr> old, int64_t limit,
                       const std::function<bool(const boost::json::object& revision)>& in_use);

}  // namespace kubepp::controllers::common

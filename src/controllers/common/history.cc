#include "controllers/common/history.h"

#include <algorithm>

#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"
#include "controllers/common/owner_refs.h"

namespace kubepp::controllers::common {

namespace {

const client::Resource& Revisions() {
  static const client::Resource r = client::Resource::Of("apps", "controllerrevisions");
  return r;
}

}  // namespace

boost::json::object TemplatePatch(const boost::json::object& owner) {
  const boost::json::object* tmpl = ObjAt(owner, {"spec", "template"});
  boost::json::object t = tmpl ? *tmpl : boost::json::object();
  t["$patch"] = "replace";
  return {{"spec", {{"template", std::move(t)}}}};
}

int64_t RevisionNumber(const boost::json::object& revision) { return IntOr(&revision, "revision", 0); }

void SortRevisions(std::vector<client::ObjectPtr>& revisions) {
  std::stable_sort(revisions.begin(), revisions.end(), [](const client::ObjectPtr& a, const client::ObjectPtr& b) {
    if (RevisionNumber(*a) != RevisionNumber(*b)) return RevisionNumber(*a) < RevisionNumber(*b);
    std::string ca = StrAt(*a, {"metadata", "creationTimestamp"}), cb = StrAt(*b, {"metadata", "creationTimestamp"});
    if (ca != cb) return ca < cb;
    return client::NameOf(*a) < client::NameOf(*b);
  });
}

StatusOr<HistoryResult> SyncHistory(client::ApiClient& client, const client::Informer& revisions,
                                    const boost::json::object& owner, const api::LabelSelector& selector,
                                    const HistoryConfig& config) {
  std::string ns(client::NamespaceOf(owner));
  ControllerRefManager refs(client, Revisions(), owner, config.owner_api_version, config.owner_kind, selector,
                            RecheckDeletionTimestamp(client, config.owner_resource, owner));
  auto claimed = refs.Claim(revisions.ListNamespace(ns));
  if (!claimed.ok()) return claimed.status();
  std::vector<client::ObjectPtr> all = *claimed;
  SortRevisions(all);
  const boost::json::object data = TemplatePatch(owner);
  int64_t max_revision = all.empty() ? 0 : RevisionNumber(*all.back());

  HistoryResult result;
  std::vector<client::ObjectPtr> matching;
  for (const client::ObjectPtr& r : all) {
    const boost::json::value* d = r->if_contains("data");
    if (d != nullptr && d->is_object() && d->get_object() == data) {
      matching.push_back(r);
    } else {
      result.old.push_back(r);
    }
  }
  if (!matching.empty()) {
    // Keep the newest of equal revisions; the others are duplicates from lost updates.
    result.current = matching.back();
    for (size_t i = 0; i + 1 < matching.size(); ++i) {
      auto r = client.Delete(Revisions(), ns, client::NameOf(*matching[i]));
      if (!r.ok() && !r.status().IsNotFound()) return r.status();
    }
    if (RevisionNumber(*result.current) < max_revision) {
      // An old template is back: its revision becomes the newest.
      boost::json::object copy = *result.current;
      copy["revision"] = max_revision + 1;
      auto updated = client.Update(Revisions(), ns, copy);
      if (!updated.ok()) return updated.status();
      result.current = *updated;
    }
    result.hash = StrAt(*result.current, {"metadata", "labels", kControllerRevisionHashLabel});
    if (result.hash.empty()) result.hash = config.name_for(data, IntAt(owner, {"status", "collisionCount"})).first;
    return result;
  }

  std::optional<int64_t> collisions = IntAt(owner, {"status", "collisionCount"});
  auto [hash, name] = config.name_for(data, collisions);
  boost::json::object meta;
  meta["name"] = name;
  meta["namespace"] = ns;
  meta["labels"] = config.labels_for(hash, name);
  meta["ownerReferences"] = boost::json::array{NewControllerRef(owner, config.owner_api_version, config.owner_kind)};
  boost::json::object revision{{"apiVersion", "apps/v1"},
                               {"kind", "ControllerRevision"},
                               {"metadata", std::move(meta)},
                               {"data", data},
                               {"revision", max_revision + 1}};
  auto created = client.Create(Revisions(), ns, revision);
  if (created.ok()) {
    result.current = *created;
    result.hash = hash;
    return result;
  }
  if (created.status().reason() != Reason::kAlreadyExists) return created.status();
  auto existing = client.Get(Revisions(), ns, name);
  if (existing.ok()) {
    const boost::json::value* d = (*existing)->if_contains("data");
    const boost::json::object* ref = GetControllerOf(**existing);
    if (d != nullptr && d->is_object() && d->get_object() == data && ref != nullptr &&
        Str(ref, "uid") == client::UidOf(owner)) {
      result.current = *existing;  // ours, created by a sync whose cache lagged
      result.hash = hash;
      return result;
    }
  }
  // Same name, other content: try the next name on the next sync.
  boost::json::object copy = owner;
  MutableObj(copy, "status")["collisionCount"] = collisions.value_or(0) + 1;
  auto bumped = client.Update(config.owner_resource, ns, copy, "status");
  if (!bumped.ok()) return bumped.status();
  return Status::Conflict("controller revision " + name + " exists with other data; collisionCount raised");
}

Status TruncateHistory(client::ApiClient& client, std::vector<client::ObjectPtr> old, int64_t limit,
                       const std::function<bool(const boost::json::object& revision)>& in_use) {
  std::vector<client::ObjectPtr> removable;
  for (const client::ObjectPtr& r : old) {
    if (!in_use(*r)) removable.push_back(r);
  }
  int64_t excess = static_cast<int64_t>(removable.size()) - std::max<int64_t>(limit, 0);
  if (excess <= 0) return Status::Ok();
  SortRevisions(removable);
  for (int64_t i = 0; i < excess; ++i) {
    auto r = client.Delete(Revisions(), client::NamespaceOf(*removable[i]), client::NameOf(*removable[i]));
    if (!r.ok() && !r.status().IsNotFound()) return r.status();
  }
  return Status::Ok();
}

}  // namespace kubepp::controllers::common

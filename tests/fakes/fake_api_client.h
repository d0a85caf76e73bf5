// FakeApiClient: an in-memory ApiClient for unit tests of controllers and the
// scheduler. It behaves like the apiserver where controllers can tell:
// resourceVersions from one counter, uid/creationTimestamp/generation on
// create, 409 Conflict on a stale resourceVersion, 404/409 AlreadyExists,
// generateName, status subresource writes only status, label and field
// selectors (any dotted field path: metadata.name, metadata.namespace,
// spec.nodeName, status.phase, ...), JSON, merge and strategic merge patches,
// finalizers + deletionTimestamp, graceful deletion of scheduled pods
// (deletionTimestamp now + grace; a delete with grace 0 removes them, as a
// kubelet does), pods/binding and pods/eviction, watches
// from a resourceVersion. No defaulting or validation.
//
// Tests can also inspect Actions() (every call, in order), inject errors,
// and break or compact watches to exercise relists.
//
// Thread safety: every method may be called from any thread. Each watch
// delivers its events on its own thread, in resourceVersion order.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "client/api_client.h"

namespace kubepp::fakes {

struct FakeAction {
  std::string verb;  // "get", "list", "create", "update", "patch", "delete", "watch", "create-subresource"
  std::string resource;     // "pods", "deployments"
  std::string subresource;  // "status", "binding", ""
  std::string ns, name;
};

class FakeApiClient : public client::ApiClient {
 public:
  static std::unique_ptr<FakeApiClient> Create(Clock& clock = Clock::Real());
  // The static Create above would hide ApiClient::Create otherwise.
  using client::ApiClient::Create;

  // Stores an object as if created (no action recorded); returns it as stored.
  virtual client::ObjectPtr Seed(const client::Resource& r, boost::json::object obj) = 0;
  virtual std::vector<FakeAction> Actions() const = 0;
  virtual void ClearActions() = 0;
  // When set, called before each call; a non-OK Status fails the call with it.
  virtual void SetReactor(std::function<Status(const FakeAction&)> reactor) = 0;

  // --- Test controls beyond the ApiClient contract. ---

  // Ends every open watch with `status` (OK: as a server closing the stream;
  // Gone: as an expired watch; anything else: a broken stream).
  virtual void CloseWatches(Status status) = 0;
  // Forgets the event history: a watch from any older resourceVersion is
  // answered 410 Gone, as after an etcd compaction.
  virtual void Compact() = 0;
  // Sends a BOOKMARK at the current resourceVersion to every open watch of
  // `r` that asked for bookmarks.
  virtual void SendBookmark(const client::Resource& r) = 0;
  // How many watches are open (tests wait for a watch before breaking it).
  virtual int OpenWatches() const = 0;
  // The resourceVersion of the last write.
  virtual std::string CurrentResourceVersion() const = 0;
};

}  // namespace kubepp::fakes

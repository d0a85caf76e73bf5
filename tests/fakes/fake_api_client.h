// FakeApiClient: an in-memory ApiClient for unit tests of controllers and the
// scheduler. It behaves like the apiserver where controllers can tell:
// resourceVersions from one counter, uid/creationTimestamp/generation on
// create, 409 Conflict on a stale resourceVersion, 404/409 AlreadyExists,
// generateName, status subresource writes only status, label and field
// (metadata.name, metadata.namespace, spec.nodeName) selectors, merge and
// strategic merge patches, finalizers + deletionTimestamp, pods/binding,
// watches from a resourceVersion. No defaulting or validation.
//
// Tests can also inspect Actions() (every call, in order) and inject errors.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "client/api_client.h"

namespace kubepp::fakes {

using namespace kubepp::client;  // NOLINT: the fake speaks the client vocabulary

struct FakeAction {
  std::string verb;  // "get", "list", "create", "update", "patch", "delete", "watch", "create-subresource"
  std::string resource;     // "pods", "deployments"
  std::string subresource;  // "status", "binding", ""
  std::string ns, name;
};

class FakeApiClient : public ApiClient {
 public:
  static std::unique_ptr<FakeApiClient> Create(Clock& clock = Clock::Real());

  // Stores an object as if created (no action recorded); returns it as stored.
  virtual ObjectPtr Seed(const Resource& r, boost::json::object obj) = 0;
  virtual std::vector<FakeAction> Actions() const = 0;
  virtual void ClearActions() = 0;
  // When set, called before each call; a non-OK Status fails the call with it.
  virtual void SetReactor(std::function<Status(const FakeAction&)> reactor) = 0;
};

}  // namespace kubepp::fakes

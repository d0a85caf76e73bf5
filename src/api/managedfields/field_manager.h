// FieldManager: metadata.managedFields on every write of one kind at one API
// version through one subresource, as upstream's apiserver keeps them.
//
// Update (create, update, patch): the writer's entry (operation Update, its
// API version and subresource) gains the fields it added or changed, which
// leave every other manager; removed fields leave everyone; entries left
// empty are dropped; an entry's time is set when it changes. A request body
// may carry managedFields: valid ones replace the stored ones ([] or [{}]
// clears them), invalid ones are ignored; writes through a subresource
// always keep the stored ones. An object that has no managedFields gets none
// from updates (only creates and applies start tracking). More than ten
// Update entries are folded, oldest first, into "ancient-changes".
//
// Apply: server-side apply of a configuration (see updater.h), then the same
// bookkeeping for the applier's entry (operation Apply). An object without
// managedFields first gives its existing fields to "before-first-apply".
// For the manager "kubectl" the client-side apply annotation is honoured
// (last_applied.h).
//
// The manager name is the request's fieldManager or the User-Agent prefix
// (the caller decides); managers' identities, fields and order follow
// managers.h.
//
// Thread safety: methods are const and safe from any thread (the memo of
// creates, create_memo.h, locks).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "api/managedfields/create_memo.h"
#include "api/managedfields/field_filter.h"
#include "api/managedfields/type_schema.h"
#include "base/status.h"

namespace kubepp::api::managedfields {

class FieldManager {
 public:
  // Unix seconds now; the real clock when not given.
  using Now = std::function<int64_t()>;

  // nullptr when kubepp has no schema for the kind. `has_status_subresource`
  // decides what a write may own (field_filter.h).
  static std::unique_ptr<FieldManager> Create(std::string_view group, std::string_view version,
                                              std::string_view kind, std::string_view subresource,
                                              bool has_status_subresource, Now now = nullptr);

  // `live` is the stored object (nullptr for a create); `next` the object
  // about to be stored, whose managedFields are replaced. Never fails: when
  // the bookkeeping cannot be done, the stored managedFields are kept.
  void Update(const boost::json::object* live, boost::json::object& next, std::string_view manager) const;

  // The object to store after applying `config` (the request body, decoded)
  // over `live` (nullptr when the object does not exist yet). Errors are
  // upstream's: BadRequest for a configuration of another kind or carrying
  // managedFields, 500 (reason unknown) for one that does not fit the schema
  // (unknown fields, wrong types, repeated keys), 409 with ConflictStatus.
  // The result keeps the resourceVersion only if the configuration sets one.
  StatusOr<boost::json::object> Apply(const boost::json::object* live, const boost::json::object& config,
                                      std::string_view manager, bool force) const;

 private:
  FieldManager(const Atom* root, std::string api_version, std::string kind, std::string subresource,
               FieldFilter filter, Now now);

  const Atom* root_;
  const std::string api_version_;  // "apps/v1"
  const std::string kind_;
  const std::string subresource_;
  const FieldFilter filter_;
  const Now now_;
  mutable CreateMemo creates_;
};

}  // namespace kubepp::api::managedfields

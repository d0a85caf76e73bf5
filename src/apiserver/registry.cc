#include "apiserver/registry.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/codec/codec.h"
#include "api/conversion/conversion.h"
#include "api/defaults/defaults.h"
#include "api/validation/validation.h"
#include "apiserver/admission/admission.h"
#include "apiserver/field_managers.h"
#include "apiserver/object_meta.h"
#include "apiserver/resource_traits.h"
#include "apiserver/service_allocation.h"
#include "base/base64.h"
#include "base/log.h"
#include "store/value_dictionary.h"

namespace kubepp::apiserver {

using boost::json::object;

std::string QualifiedResource(const api::ResourceInfo& r) {
  return r.group.empty() ? r.resource : r.resource + "." + r.group;
}

std::string QualifiedKind(const api::ResourceInfo& r) {
  return r.group.empty() ? r.kind : r.kind + "." + r.group;
}

std::string_view Record::Whole(std::string* scratch) const {
  if (compressed_with == nullptr) return stored;
  Status s = compressed_with->DecompressTo(stored, scratch);
  // The store made the frame in memory; one that does not read back is a bug.
  KCHECK(s.ok()) << s.message();
  return *scratch;
}

size_t Record::WholeSize() const {
  return compressed_with == nullptr ? stored.size() : store::ValueDictionary::WholeSize(stored);
}

std::string Registry::Key(const api::ResourceInfo& r, const std::string& ns, const std::string& name) {
  std::string key = Prefix(r, "");
  if (r.namespaced) key += ns + "/";
  return key + name;
}

StatusOr<object> DecodeRecord(const api::ResourceInfo& r, std::string_view stored, int64_t revision,
                              boost::json::storage_ptr storage) {
  auto obj = api::DecodeStored(stored, revision, std::move(storage));
  if (obj.ok() && api::ConvertsForStorage(r)) api::FromStorageVersion(r, *obj);
  return obj;
}

namespace {

// The stored bytes of `obj`, an object of `r`'s version.
StatusOr<std::string> EncodeRecord(const api::ResourceInfo& r, const object& obj) {
  if (!api::ConvertsForStorage(r)) return api::EncodeForStorage(obj);
  object stored = obj;
  if (Status st = api::ToStorageVersion(r, stored); !st.ok()) return st;
  return api::EncodeForStorage(stored);
}

}  // namespace

std::string Registry::Prefix(const api::ResourceInfo& r, const std::string& ns) {
  // One prefix per stored group and resource: the versions of a group share
  // objects, and so do the groups serving one kind (events.k8s.io's events are core events).
  std::string key = "/registry/" + (r.storage_group.empty() ? std::string() : r.storage_group + "/") +
                    r.storage_resource + "/";
  if (r.namespaced && !ns.empty()) key += ns + "/";
  return key;
}

namespace {

constexpr int kMaxAttempts = 16;
// Upstream's apiserver tries 8 generated names before it answers 409
// (RetryGenerateName): 5 random characters collide often among thousands of
// pods of one ReplicaSet.
constexpr int kNameGenerationAttempts = 8;

bool IsService(const api::ResourceInfo& r) { return r.group.empty() && r.resource == "services"; }

// The key was last written at `revision` (optimistic concurrency).
store::Compare ModIs(const std::string& key, int64_t revision) {
  store::Compare cmp;
  cmp.key = key;
  cmp.target = store::Compare::Target::kMod;
  cmp.result = store::Compare::Result::kEqual;
  cmp.number = revision;
  return cmp;
}

// The outcome of a committed write: the object at its new revision.
WriteResult Committed(object obj, int64_t revision) {
  // Constructed from obj, not assigned: an object moves only into one that shares its storage
  // (a request's arena, api::RequestArena), and is copied into any other.
  WriteResult result{std::move(obj)};
  MetaOf(result.object)["resourceVersion"] = std::to_string(revision);
  return result;
}

// A committed write answers with the object as stored, as a read of it
// would return it: the stored bytes themselves when they are its JSON as
// served, else the object decoded back from them (a version converted for
// storage fills in what its own version always carries, such as an
// autoscaling/v1 HorizontalPodAutoscaler's status.currentReplicas).
void AnswerAsStored(const api::ResourceInfo& r, std::string stored, int64_t revision,
                    WriteResult* result) {
  if (!api::ConvertsForStorage(r)) {
    result->stored = std::move(stored);
    result->revision = revision;
    return;
  }
  auto back = DecodeRecord(r, stored, revision);
  if (back.ok()) result->object = std::move(*back);
}

// Service address allocation failures read as upstream's Service validation errors.
Status AllocationFailure(const std::string& name, const Status& st) {
  if (!st.IsInvalid()) return st;
  return Status::Invalid("Service \"" + name + "\" is invalid: " + st.message(), st.causes());
}

// The key does not exist.
store::Compare Absent(const std::string& key) {
  store::Compare cmp;
  cmp.key = key;
  cmp.target = store::Compare::Target::kCreate;
  cmp.result = store::Compare::Result::kEqual;
  cmp.number = 0;
  return cmp;
}

void AddClaims(store::TxnRequest& txn, const ServiceClaims& claims, const std::string& owner) {
  for (const auto& key : claims.claim) {
    txn.compare.push_back(Absent(key));
    txn.success.push_back(store::Op::Put(key, owner));
  }
  for (const auto& key : claims.release) txn.success.push_back(store::Op::Delete(key));
}

// What a create writes, carried through its retries.
struct CreateWrite {
  std::shared_ptr<object> obj;
  std::string key;
  std::string bytes;
  ServiceClaims claims;
  std::vector<admission::QuotaCharge> charges;
  // The request's generateName when the server chose the name: a taken name
  // is then replaced by another, up to kNameGenerationAttempts names in all.
  std::string generate_name;
  std::function<std::string()> name_suffix;  // empty: RandomSuffix()
  int charge_attempt = 0;
  int name_attempt = 0;
};

void CommitCreate(std::shared_ptr<DecodedReads> reads, const api::ResourceInfo& r,
                  CreateWrite write, WriteDone done);

Status NotFound(const api::ResourceInfo& r, const std::string& name) {
  return Status::NotFound(QualifiedResource(r) + " \"" + name + "\" not found");
}

Status ConflictModified(const api::ResourceInfo& r, const std::string& name) {
  return Status::Conflict("Operation cannot be fulfilled on " + QualifiedResource(r) + " \"" + name +
                          "\": the object has been modified; please apply your changes to the latest "
                          "version and try again");
}

StatusOr<store::RangeResponse> ReadKey(store::Store* s, const std::string& key) {
  store::RangeRequest req;
  req.key = key;
  return s->Range(req);
}

// The part of an object that is neither metadata nor status: what generation counts.
object SpecPart(const object& obj) {
  object out;
  for (const auto& kv : obj) {
    if (kv.key() == "metadata" || kv.key() == "status" || kv.key() == "apiVersion" || kv.key() == "kind") continue;
    out[kv.key()] = kv.value();
  }
  return out;
}

int64_t IntOr(const object& obj, std::string_view key, int64_t fallback) {
  auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  if (it->value().is_int64()) return it->value().as_int64();
  if (it->value().is_uint64()) return static_cast<int64_t>(it->value().as_uint64());
  return fallback;
}

// Carries the fields clients may not change through an update.
void CarrySystemMeta(object& next, const object& current) {
  auto& meta = MetaOf(next);
  const auto* old = MetaOf(current);
  if (!old) return;
  for (const char* field : {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                            "generation", "selfLink"}) {
    auto it = old->find(field);
    if (it != old->end()) {
      meta[field] = it->value();
    } else {
      meta.erase(field);
    }
  }
}

std::string DeleteTimestampIn(int64_t seconds) {
  return Rfc3339(static_cast<int64_t>(std::time(nullptr)) + seconds);
}

}  // namespace

Status Registry::CheckNamespace(const api::ResourceInfo& r, const std::string& ns) {
  auto read = reads_->Key("/registry/namespaces/" + ns);
  if (!read.ok()) return read.status();
  if (*read == nullptr) return Status::NotFound("namespaces \"" + ns + "\" not found");
  const object& o = **read;
  if (!MetaString(o, "deletionTimestamp").empty() ||
      StringAt(o, {"status", "phase"}) == "Terminating") {
    return Status(
        Reason::kForbidden,
        "unable to create new content in namespace " + ns + " because it is being terminated",
        {{"NamespaceTerminating", "namespace " + ns + " is being terminated",
          "metadata.namespace"}});
  }
  return Status::Ok();
}

StatusOr<object> Registry::Get(const api::ResourceInfo& r, const std::string& ns, const std::string& name,
                               int64_t revision) {
  store::RangeRequest req;
  req.key = Key(r, ns, name);
  req.revision = revision;
  auto resp = store_->Range(req);
  if (!resp.ok()) return resp.status();
  if (resp->kvs.empty()) return NotFound(r, name);
  return DecodeRecord(r, resp->kvs[0].value, resp->kvs[0].mod_revision);
}

StatusOr<ListResult> Registry::List(const api::ResourceInfo& r, const ListOptions& options) {
  ListResult result;
  std::string prefix = Prefix(r, options.namespace_name);
  std::string start = prefix;
  int64_t revision = 0;

  if (!options.continue_token.empty()) {
    auto decoded = base64::DecodeRawUrl(options.continue_token);
    boost::system::error_code ec;
    auto token = boost::json::parse(decoded.value_or(""), ec);
    if (!decoded || ec || !token.is_object() || !token.as_object().contains("rv") ||
        !token.as_object().contains("start")) {
      return Status::BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
    }
    auto& t = token.as_object();
    revision = t["rv"].is_int64() ? t["rv"].as_int64() : 0;
    start = prefix + std::string(t["start"].is_string() ? t["start"].as_string() : "");
    if (revision == 0 || revision < -1) {
      return Status::BadRequest(
          "continue key is not valid: incorrect encoded start resourceVersion (version "
          "meta.k8s.io/v1)");
    }
    if (revision == -1) revision = 0;  // ContinueAtLatest's token: the rest as it is now
  } else if (!options.resource_version.empty() && options.resource_version != "0") {
    int64_t rv = 0;
    try {
      rv = std::stoll(options.resource_version);
    } catch (...) {
      return Status::BadRequest("resourceVersion: Invalid value: \"" + options.resource_version +
                                "\": strconv.ParseUint: parsing \"" + options.resource_version +
                                "\": invalid syntax");
    }
    int64_t current = store_->CurrentRevision();
    if (options.resource_version_match == "Exact" || (options.resource_version_match.empty() && options.limit > 0)) {
      revision = rv;
    } else if (rv > current) {
      return TooLargeResourceVersion(rv, current);
    }
  }

  const bool filtered = !options.label_selector.Empty() || !options.field_selector.Empty();
  std::string end = store::PrefixEnd(prefix);
  int64_t want = options.limit > 0 ? options.limit : 0;
  for (;;) {
    store::RangeRequest req;
    req.key = start;
    req.range_end = end;
    req.revision = revision;
    req.keep_compressed = options.keep_compressed && !filtered && !api::ConvertsForStorage(r);
    if (want > 0) req.limit = filtered ? std::max<int64_t>(want * 2, 500) : want;
    auto resp = store_->Range(req);
    if (!resp.ok()) {
      if (resp.status().IsGone() && !options.continue_token.empty()) {
        return Status::Expired(
            "The provided continue parameter is too old to display a consistent list result. You can "
            "start a new list without the continue parameter, or use the continue token in this response "
            "to retrieve the remainder of the results. Continuing with the provided token results in an "
            "inconsistent list - objects that were created, modified, or deleted between the time the "
            "first chunk was returned and now may show up in the list.");
      }
      if (resp.status().IsGone())
        return Status::Expired("The resourceVersion for the provided list is too old.");
      return resp.status();
    }
    revision = resp->revision;
    result.revision = resp->revision;
    std::string last_key;
    for (size_t i = 0; i < resp->kvs.size(); ++i) {
      auto& kv = resp->kvs[i];
      last_key = kv.key;
      if (filtered) {
        auto parsed = api::ParseJson(kv.value);
        if (!parsed.ok() || !parsed->is_object()) continue;
        const auto& o = parsed->as_object();
        const auto* meta = MetaOf(o);
        const object* labels = nullptr;
        if (meta) {
          auto it = meta->find("labels");
          if (it != meta->end() && it->value().is_object()) labels = &it->value().as_object();
        }
        if (!options.label_selector.Matches(labels)) continue;
        if (!options.field_selector.Empty() && !options.field_selector.Matches(SelectableFields(r, o))) continue;
      }
      if (api::ConvertsForStorage(r)) {
        // Items of another version than the stored one are re-encoded as that version.
        auto converted = DecodeRecord(r, kv.value, kv.mod_revision);
        if (!converted.ok()) return converted.status();
        kv.value = api::EncodeForStorage(*converted);
      }
      result.items.push_back(Record{kv.value, kv.mod_revision, kv.compressed_with});
      if (want > 0 && static_cast<int64_t>(result.items.size()) >= want) {
        const bool has_more = i + 1 < resp->kvs.size() || resp->more;
        if (has_more) {
          object token;
          token["v"] = "meta.k8s.io/v1";
          token["rv"] = revision;
          token["start"] = last_key.substr(prefix.size()) + std::string(1, '\0');
          result.continue_token = base64::EncodeRawUrl(boost::json::serialize(token));
          if (!filtered) {
            int64_t remaining = resp->count - static_cast<int64_t>(i + 1);
            if (remaining > 0) result.remaining_item_count = remaining;
          }
        }
        return result;
      }
    }
    if (!resp->more) break;
    start = last_key + std::string(1, '\0');
  }
  return result;
}

void Registry::Create(const api::ResourceInfo& r, object obj, const WriteOptions& options, WriteDone done) {
  std::string ns = r.namespaced ? MetaString(obj, "namespace") : "";
  if (r.namespaced) {
    Status st = CheckNamespace(r, ns);
    if (!st.ok()) {
      if (st.reason() == Reason::kForbidden) {
        std::string name = MetaString(obj, "name");
        st = Status(Reason::kForbidden, QualifiedResource(r) + " \"" + name + "\" is forbidden: " + st.message(),
                    st.causes());
      }
      return done(st);
    }
  } else {
    EraseMeta(obj, "namespace");
  }
  std::string name = MetaString(obj, "name");
  std::string generate = MetaString(obj, "generateName");
  const bool name_generated = name.empty() && !generate.empty();
  if (name_generated) {
    name = generate + (name_suffix_ ? name_suffix_() : RandomSuffix());
    SetMetaString(obj, "name", name);
  }
  auto& meta = MetaOf(obj);
  meta["uid"] = NewUid();
  meta["creationTimestamp"] = NowRfc3339();
  meta.erase("resourceVersion");
  meta.erase("deletionTimestamp");
  meta.erase("deletionGracePeriodSeconds");
  meta.erase("selfLink");
  if (TracksGeneration(r)) {
    meta["generation"] = 1;
  } else {
    meta.erase("generation");
  }
  PrepareStatusForCreate(r, obj);
  NormalizeForWrite(r, obj, /*create=*/true);
  api::ApplyDefaults(r, obj);
  // As upstream: what the request set, defaults included, before admission.
  if (!options.field_manager.empty()) {
    if (const auto* fm = FieldManagerFor(r, "")) fm->Update(nullptr, obj, options.field_manager);
  }
  if (Status admitted = admission::MutateCreate(*reads_, r, obj); !admitted.ok())
    return done(admitted);
  auto errors = api::ValidateCreate(r, obj);
  if (!errors.empty()) return done(api::InvalidStatus(r, name, errors));
  auto charges = admission::ValidateCreate(*reads_, r, obj);
  if (!charges.ok()) return done(charges.status());
  ServiceClaims claims;
  if (IsService(r) && !options.dry_run) {
    auto allocated = AllocateServiceAddresses(store_, obj, nullptr);
    if (!allocated.ok()) return done(AllocationFailure(name, allocated.status()));
    claims = std::move(*allocated);
  }

  std::string key = Key(r, ns, name);
  auto encoded = EncodeRecord(r, obj);
  if (!encoded.ok()) return done(encoded.status());
  std::string bytes = std::move(*encoded);
  if (options.dry_run) {
    auto existing = ReadKey(store_, key);
    if (existing.ok() && !existing->kvs.empty()) {
      return done(Status::AlreadyExists(QualifiedResource(r) + " \"" + name + "\" already exists"));
    }
    WriteResult result{std::move(obj)};
    result.created = true;
    return done(std::move(result));
  }
  CreateWrite write;
  write.obj = std::make_shared<object>(std::move(obj));
  write.key = std::move(key);
  write.bytes = std::move(bytes);
  write.claims = std::move(claims);
  write.charges = std::move(*charges);
  write.generate_name = name_generated ? std::move(generate) : std::string();
  write.name_suffix = name_suffix_;
  CommitCreate(reads_, r, std::move(write), std::move(done));
}

namespace {

// Writes a created object with its Service address claims and quota charges
// in one transaction. When only a charged quota moved on meanwhile, the
// quotas are read and checked again and the write retried; when a generated
// name was taken, another is generated.
void CommitCreate(std::shared_ptr<DecodedReads> reads, const api::ResourceInfo& r,
                  CreateWrite write, WriteDone done) {
  store::Store* s = &reads->store();
  const std::string ns = r.namespaced ? MetaString(*write.obj, "namespace") : "";
  const std::string name = MetaString(*write.obj, "name");
  store::TxnRequest txn;
  txn.compare.push_back(Absent(write.key));
  txn.success.push_back(store::Op::Put(write.key, write.bytes));
  AddClaims(txn, write.claims, ns + "/" + name);
  for (const auto& charge : write.charges) {
    txn.compare.push_back(ModIs(charge.key, charge.mod_revision));
    txn.success.push_back(store::Op::Put(charge.key, charge.bytes));
  }
  s->Txn(std::move(txn), [s, reads, rp = api::Pin(r), name, ns, write = std::move(write),
                          done = std::move(done)](StatusOr<store::TxnResponse> resp) mutable {
    const api::ResourceInfo& r = *rp;
    if (!resp.ok()) return done(resp.status());
    if (resp->succeeded) {
      WriteResult result = Committed(std::move(*write.obj), resp->revision);
      result.created = true;
      AnswerAsStored(r, std::move(write.bytes), resp->revision, &result);
      return done(std::move(result));
    }
    store::RangeRequest probe;
    probe.key = write.key;
    probe.count_only = true;
    auto existing = s->Range(probe);
    const bool absent = existing.ok() && existing->count == 0;
    const bool claimed = !write.claims.claim.empty();
    const bool charged = !write.charges.empty();
    if (absent && charged && write.charge_attempt + 1 < kMaxAttempts) {
      auto recharged = admission::ValidateCreate(*reads, r, *write.obj);
      if (!recharged.ok()) return done(recharged.status());
      write.charges = std::move(*recharged);
      ++write.charge_attempt;
      return CommitCreate(reads, r, std::move(write), std::move(done));
    }
    if (absent && (claimed || charged)) {
      return done(Status::Conflict("Operation cannot be fulfilled on " + QualifiedResource(r) + " \"" + name +
                                   "\": an address it was given was taken at the same time; please try again"));
    }
    if (existing.ok() && !absent && !write.generate_name.empty() &&
        write.name_attempt + 1 < kNameGenerationAttempts) {
      std::string next = write.generate_name + (write.name_suffix ? write.name_suffix() : RandomSuffix());
      SetMetaString(*write.obj, "name", next);
      auto encoded = EncodeRecord(r, *write.obj);
      if (!encoded.ok()) return done(encoded.status());
      write.key = Registry::Key(r, ns, next);
      write.bytes = std::move(*encoded);
      ++write.name_attempt;
      return CommitCreate(reads, r, std::move(write), std::move(done));
    }
    return done(Status::AlreadyExists(QualifiedResource(r) + " \"" + name + "\" already exists"));
  });
}

}  // namespace

void Registry::Update(const api::ResourceInfo& r, const std::string& ns, const std::string& name,
                      const std::string& subresource, Mutation mutate, const WriteOptions& options,
                      WriteDone done) {
  UpdateAttempt(r, ns, name, subresource, std::move(mutate), options, std::move(done), 0);
}

void Registry::UpdateAttempt(const api::ResourceInfo& r, const std::string& ns, const std::string& name,
                             const std::string& subresource, Mutation mutate, WriteOptions options,
                             WriteDone done, int attempt) {
  std::string key = Key(r, ns, name);
  auto resp = ReadKey(store_, key);
  if (!resp.ok()) return done(resp.status());
  if (resp->kvs.empty()) return done(NotFound(r, name));
  const int64_t current_rev = resp->kvs[0].mod_revision;
  auto current_or = DecodeRecord(r, resp->kvs[0].value, current_rev, api::RequestArena());
  if (!current_or.ok()) return done(current_or.status());
  const object& current = *current_or;

  auto next_or = mutate(current);
  if (!next_or.ok()) return done(next_or.status());
  object next = std::move(*next_or);

  std::string pinned = MetaString(next, "resourceVersion");
  if (!pinned.empty() && pinned != std::to_string(current_rev)) return done(ConflictModified(r, name));
  if (!MetaString(next, "name").empty() && MetaString(next, "name") != name) {
    return done(Status::BadRequest("the name of the object (" + MetaString(next, "name") +
                                   ") does not match the name on the URL (" + name + ")"));
  }
  SetMetaString(next, "name", name);
  if (r.namespaced) SetMetaString(next, "namespace", ns);

  if (HasStatusSubresource(r) && subresource != "binding") {
    if (subresource == "status") {
      object merged = current;
      auto it = next.find("status");
      if (it != next.end()) {
        merged["status"] = it->value();
      } else {
        merged.erase("status");
      }
      // A server-side apply of status has recorded itself already.
      if (const auto* meta = MetaOf(std::as_const(next)); meta && meta->contains("managedFields")) {
        MetaOf(merged)["managedFields"] = meta->at("managedFields");
      }
      next = std::move(merged);
    } else {
      auto it = current.find("status");
      if (it != current.end()) {
        next["status"] = it->value();
      } else {
        next.erase("status");
      }
    }
  }
  CarrySystemMeta(next, current);
  // A namespace's spec.finalizers change only through namespaces/{name}/finalize.
  if (r.resource == "namespaces" && r.group.empty() && subresource != "finalize") {
    auto cur = current.find("spec");
    const boost::json::value* old_finalizers =
        cur != current.end() && cur->value().is_object() ? cur->value().as_object().if_contains("finalizers") : nullptr;
    auto& spec = next["spec"];
    if (!spec.is_object()) spec = object();
    if (old_finalizers) {
      spec.as_object()["finalizers"] = *old_finalizers;
    } else {
      spec.as_object().erase("finalizers");
    }
  }
  // An unconditional update writes over the version it read.
  MetaOf(next)["resourceVersion"] = std::to_string(current_rev);
  NormalizeForWrite(r, next, /*create=*/false);
  api::ApplyDefaults(r, next);
  if (TracksGeneration(r) && (subresource.empty() || subresource == "scale")) {
    if (SpecPart(next) != SpecPart(current)) {
      MetaOf(next)["generation"] = IntOr(*MetaOf(current), "generation", 0) + 1;
    }
  }
  if (!options.field_manager.empty()) {
    if (const auto* fm = FieldManagerFor(r, subresource)) fm->Update(&current, next, options.field_manager);
  }
  // A binding only sets spec.nodeName, which ordinary pod updates may not change.
  if (subresource != "binding") {
    auto errors = api::ValidateUpdate(r, next, current);
    if (!errors.empty()) return done(api::InvalidStatus(r, name, errors));
  }

  ServiceClaims claims;
  if (IsService(r) && !options.dry_run) {
    auto allocated = AllocateServiceAddresses(store_, next, &current);
    if (!allocated.ok()) return done(AllocationFailure(name, allocated.status()));
    claims = std::move(*allocated);
  }
  auto encoded = EncodeRecord(r, next);
  if (!encoded.ok()) return done(encoded.status());
  std::string bytes = std::move(*encoded);
  const bool finalize = !MetaString(next, "deletionTimestamp").empty() && !HasFinalizers(next) &&
                        !HasNamespaceFinalizers(r, next);
  if (bytes == resp->kvs[0].value && !finalize) {
    WriteResult result;
    result.object = current;
    return done(std::move(result));
  }
  if (options.dry_run) {
    WriteResult result{std::move(next)};
    MetaOf(result.object)["resourceVersion"] = std::to_string(current_rev);
    return done(std::move(result));
  }
  store::TxnRequest txn;
  txn.compare.push_back(ModIs(key, current_rev));
  if (finalize) {
    txn.success.push_back(store::Op::Delete(key));
    if (IsService(r)) {
      for (const auto& k : ServiceClaimKeys(current)) txn.success.push_back(store::Op::Delete(k));
    }
  } else {
    txn.success.push_back(store::Op::Put(key, bytes));
    AddClaims(txn, claims, ns + "/" + name);
  }
  auto shared = std::make_shared<object>(std::move(next));
  std::string stored = finalize ? std::string() : std::move(bytes);
  store_->Txn(std::move(txn), [this, shared, done = std::move(done), rp = api::Pin(r), ns, name,
                               subresource, mutate = std::move(mutate), options, attempt, pinned,
                               finalize, stored = std::move(stored)](
                                  StatusOr<store::TxnResponse> resp) mutable {
    const api::ResourceInfo& r = *rp;
    if (!resp.ok()) return done(resp.status());
    if (!resp->succeeded) {
      if (!pinned.empty() || attempt + 1 >= kMaxAttempts) return done(ConflictModified(r, name));
      return UpdateAttempt(r, ns, name, subresource, std::move(mutate), options, std::move(done), attempt + 1);
    }
    WriteResult result = Committed(std::move(*shared), resp->revision);
    result.deleted = finalize;
    if (!stored.empty()) AnswerAsStored(r, std::move(stored), resp->revision, &result);
    done(std::move(result));
  });
}

Status CheckDeletePreconditions(const DeleteOptions& options, const object& current,
                                const std::string& current_rv) {
  std::string uid = MetaString(current, "uid");
  if (!options.precondition_uid.empty() && options.precondition_uid != uid) {
    return Status::Conflict("Precondition failed: UID in precondition: " +
                            options.precondition_uid + ", UID in object meta: " + uid);
  }
  if (!options.precondition_resource_version.empty() &&
      options.precondition_resource_version != current_rv) {
    return Status::Conflict("Precondition failed: ResourceVersion in precondition: " +
                            options.precondition_resource_version +
                            ", ResourceVersion in object meta: " + current_rv);
  }
  return Status::Ok();
}

void Registry::Delete(const api::ResourceInfo& r, const std::string& ns, const std::string& name,
                      const DeleteOptions& options, WriteDone done) {
  DeleteAttempt(r, ns, name, options, std::move(done), 0);
}

void Registry::DeleteAttempt(const api::ResourceInfo& r, const std::string& ns, const std::string& name,
                             DeleteOptions options, WriteDone done, int attempt) {
  std::string key = Key(r, ns, name);
  auto resp = ReadKey(store_, key);
  if (!resp.ok()) return done(resp.status());
  if (resp->kvs.empty()) return done(NotFound(r, name));
  const int64_t current_rev = resp->kvs[0].mod_revision;
  auto current_or = DecodeRecord(r, resp->kvs[0].value, current_rev);
  if (!current_or.ok()) return done(current_or.status());
  object current = std::move(*current_or);

  if (Status st = CheckDeletePreconditions(options, current, std::to_string(current_rev));
      !st.ok()) {
    return done(st);
  }

  // Decide between removing the object now and marking it for deletion.
  object next = current;
  auto& meta = MetaOf(next);
  bool graceful = false;
  // An explicit propagationPolicy decides the garbage collector's finalizers
  // (the one it names is added, the other dropped; Background drops both);
  // without one, whatever an earlier delete asked for stands.
  if (!options.propagation_policy.empty()) {
    const std::string& policy = options.propagation_policy;
    auto& f = meta["finalizers"];
    if (!f.is_array()) f = boost::json::array();
    boost::json::array kept;
    for (const auto& v : f.as_array()) {
      if (v.is_string() && ((v.as_string() == "orphan" && policy != "Orphan") ||
                            (v.as_string() == "foregroundDeletion" && policy != "Foreground"))) {
        continue;
      }
      kept.push_back(v);
    }
    if (policy == "Orphan" && !HasFinalizer(next, "orphan")) kept.push_back("orphan");
    if (policy == "Foreground" && !HasFinalizer(next, "foregroundDeletion")) kept.push_back("foregroundDeletion");
    if (kept.empty()) {
      meta.erase("finalizers");
    } else {
      f = std::move(kept);
    }
  }
  int64_t grace = 0;
  if (r.resource == "pods" && r.group.empty()) {
    int64_t spec_grace = 30;
    if (auto it = next.find("spec"); it != next.end() && it->value().is_object()) {
      spec_grace = IntOr(it->value().as_object(), "terminationGracePeriodSeconds", 30);
    }
    grace = options.grace_period_seconds.value_or(spec_grace);
    // A pod never scheduled, or already finished, has nothing to stop.
    std::string phase = StringAt(next, {"status", "phase"});
    if (StringAt(next, {"spec", "nodeName"}).empty() || phase == "Succeeded" || phase == "Failed") grace = 0;
    graceful = grace > 0;
  }
  const bool keep = graceful || HasFinalizers(next) || HasNamespaceFinalizers(r, next);
  if (keep) {
    const bool already = !MetaString(current, "deletionTimestamp").empty();
    if (!already) {
      meta["deletionTimestamp"] = DeleteTimestampIn(graceful ? grace : 0);
      meta["deletionGracePeriodSeconds"] = graceful ? grace : 0;
      if (r.resource == "namespaces" && r.group.empty()) {
        auto& status = next["status"];
        if (!status.is_object()) status = object();
        status.as_object()["phase"] = "Terminating";
      }
    } else if (graceful && grace < IntOr(*MetaOf(std::as_const(current)), "deletionGracePeriodSeconds", grace + 1)) {
      meta["deletionTimestamp"] = DeleteTimestampIn(grace);
      meta["deletionGracePeriodSeconds"] = grace;
    }
  } else if (!MetaString(current, "deletionTimestamp").empty() && r.resource == "pods" && r.group.empty() &&
             !options.grace_period_seconds.has_value()) {
    // Deleting a pod already terminating without a new grace period: nothing changes.
  }

  auto encoded = EncodeRecord(r, next);
  if (!encoded.ok()) return done(encoded.status());
  std::string bytes = std::move(*encoded);
  if (options.dry_run) {
    WriteResult result{std::move(next)};
    result.deleted = !keep;
    return done(std::move(result));
  }
  if (keep && bytes == resp->kvs[0].value) {
    WriteResult result{std::move(current)};
    return done(std::move(result));
  }
  store::TxnRequest txn;
  txn.compare.push_back(ModIs(key, current_rev));
  if (keep) {
    txn.success.push_back(store::Op::Put(key, bytes));
  } else {
    txn.success.push_back(store::Op::Delete(key));
    if (IsService(r)) {
      for (const auto& k : ServiceClaimKeys(current)) txn.success.push_back(store::Op::Delete(k));
    }
  }
  auto shared = std::make_shared<object>(keep ? std::move(next) : std::move(current));
  store_->Txn(std::move(txn), [this, shared, keep, done = std::move(done), rp = api::Pin(r), ns,
                               name, options, attempt](StatusOr<store::TxnResponse> resp) mutable {
    const api::ResourceInfo& r = *rp;
    if (!resp.ok()) return done(resp.status());
    if (!resp->succeeded) {
      if (!options.precondition_resource_version.empty() || attempt + 1 >= kMaxAttempts) {
        return done(ConflictModified(r, name));
      }
      return DeleteAttempt(r, ns, name, options, std::move(done), attempt + 1);
    }
    WriteResult result = Committed(std::move(*shared), resp->revision);
    result.deleted = !keep;
    done(std::move(result));
  });
}

Status TooLargeResourceVersion(int64_t asked, int64_t current) {
  return Status(Reason::kTimeout,
                "Timeout: Too large resource version: " + std::to_string(asked) +
                    ", current: " + std::to_string(current),
                {{"ResourceVersionTooLarge", "Too large resource version", ""}})
      .WithRetryAfter(1);
}

std::string ContinueAtLatest(const std::string& token) {
  auto decoded = base64::DecodeRawUrl(token);
  boost::system::error_code ec;
  auto parsed = boost::json::parse(decoded.value_or(""), ec);
  if (!decoded || ec || !parsed.is_object() || !parsed.as_object().contains("start")) return "";
  parsed.as_object()["rv"] = -1;
  return base64::EncodeRawUrl(boost::json::serialize(parsed));
}

}  // namespace kubepp::apiserver

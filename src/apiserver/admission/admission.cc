#include "apiserver/admission/admission.h"

#include "api/codec/codec.h"
#include "apiserver/object_meta.h"
#include "apiserver/registry.h"

namespace kubepp::apiserver::admission {

namespace {

using boost::json::object;

struct Stored {
  std::vector<object> objects;
  std::vector<std::string> keys;
  std::vector<int64_t> revisions;
};

// Every object of a core resource in a namespace, as stored now.
StatusOr<Stored> ReadNamespace(store::Store& store, std::string_view resource, const std::string& ns) {
  Stored out;
  const api::ResourceInfo* r = api::Catalog::Get().Find("", "v1", resource);
  if (r == nullptr) return out;
  std::string prefix = Registry::Prefix(*r, ns);
  store::RangeRequest req;
  req.key = prefix;
  req.range_end = store::PrefixEnd(prefix);
  auto resp = store.Range(req);
  if (!resp.ok()) return resp.status();
  for (auto& kv : resp->kvs) {
    auto obj = api::DecodeStored(kv.value, kv.mod_revision);
    if (!obj.ok()) continue;
    out.objects.push_back(std::move(*obj));
    out.keys.push_back(kv.key);
    out.revisions.push_back(kv.mod_revision);
  }
  return out;
}

bool IsPod(const api::ResourceInfo& r) { return r.group.empty() && r.resource == "pods"; }

Status Forbidden(const api::ResourceInfo& r, const object& obj, const std::string& message) {
  return Status::Forbidden(QualifiedResource(r) + " \"" + MetaString(obj, "name") + "\" is forbidden: " + message);
}

}  // namespace

Status MutateCreate(DecodedReads& reads, const api::ResourceInfo& r, object& obj) {
  if (!IsPod(r)) return Status::Ok();
  if (Status st = AdmitPodPriority(reads, r, obj); !st.ok()) return st;
  auto ranges = ReadNamespace(reads.store(), "limitranges", MetaString(obj, "namespace"));
  if (!ranges.ok()) return ranges.status();
  ApplyLimitRangeDefaults(ranges->objects, obj);
  return AdmitServiceAccount(reads, r, obj);
}

StatusOr<std::vector<QuotaCharge>> ValidateCreate(DecodedReads& reads, const api::ResourceInfo& r,
                                                  const object& obj) {
  std::vector<QuotaCharge> charges;
  if (!r.namespaced) return charges;
  const std::string ns = MetaString(obj, "namespace");
  if (IsPod(r)) {
    if (Status st = ValidateServiceAccount(reads, r, obj); !st.ok()) return st;
    auto ranges = ReadNamespace(reads.store(), "limitranges", ns);
    if (!ranges.ok()) return ranges.status();
    std::string verdict = CheckLimitRanges(ranges->objects, obj);
    if (!verdict.empty()) return Forbidden(r, obj, verdict);
  }
  auto quotas = ReadNamespace(reads.store(), "resourcequotas", ns);
  if (!quotas.ok()) return quotas.status();
  if (quotas->objects.empty()) return charges;
  auto charged = CheckQuotas(quotas->objects, r, obj);
  if (!charged.ok()) return Forbidden(r, obj, charged.status().message());
  for (auto& c : *charged) {
    charges.push_back(QuotaCharge{quotas->keys[c.index], quotas->revisions[c.index], api::EncodeForStorage(c.quota)});
  }
  return charges;
}

}  // namespace kubepp::apiserver::admission

#include "api/conversion/conversion.h"

#include "api/conversion/event_v1.h"
#include "api/conversion/hpa_v1.h"

namespace kubepp::api {

namespace {

bool IsHpaV1(const ResourceInfo& r) {
  return r.group == "autoscaling" && r.version == "v1" && r.resource == "horizontalpodautoscalers";
}

bool IsEventsV1(const ResourceInfo& r) { return r.group == "events.k8s.io" && r.resource == "events"; }

}  // namespace

bool ConvertsForStorage(const ResourceInfo& r) { return IsHpaV1(r) || IsEventsV1(r); }

Status ToStorageVersion(const ResourceInfo& r, boost::json::object& obj) {
  if (IsHpaV1(r)) return conversion::HpaV1ToV2(obj);
  if (IsEventsV1(r)) conversion::EventV1ToCore(obj);
  return Status::Ok();
}

void FromStorageVersion(const ResourceInfo& r, boost::json::object& obj) {
  if (IsHpaV1(r)) conversion::HpaV2ToV1(obj);
  if (IsEventsV1(r)) conversion::CoreEventToV1(obj);
}

}  // namespace kubepp::api

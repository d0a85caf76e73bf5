#include "kubelet/pod_fields.h"

namespace kubepp::kubelet {
namespace {

void Append(const boost::json::array* list, bool init, std::vector<ContainerRef>& out) {
  if (list == nullptr) return;
  for (const auto& v : *list) {
    if (v.is_object()) out.push_back({&v.get_object(), init});
  }
}

}  // namespace

std::vector<ContainerRef> ContainersAndInitContainers(const boost::json::object& pod) {
  std::vector<ContainerRef> out;
  const boost::json::object* spec = Obj(&pod, "spec");
  Append(Arr(spec, "containers"), false, out);
  Append(Arr(spec, "initContainers"), true, out);
  return out;
}

std::vector<const boost::json::object*> RegularContainers(const boost::json::object& pod) {
  std::vector<const boost::json::object*> out;
  if (const boost::json::array* list = Arr(Obj(&pod, "spec"), "containers")) {
    for (const auto& v : *list) {
      if (v.is_object()) out.push_back(&v.get_object());
    }
  }
  return out;
}

const boost::json::object* FindContainer(const boost::json::object& pod, std::string_view name) {
  for (const ContainerRef& ref : ContainersAndInitContainers(pod)) {
    if (Str(ref.container, "name") == name) return ref.container;
  }
  return nullptr;
}

std::optional<api::Quantity> ResourceQuantity(const boost::json::object& container,
                                              std::string_view list, std::string_view name) {
  const boost::json::value* v = Field(Obj(Obj(&container, "resources"), list), name);
  if (v == nullptr) return std::nullopt;
  StatusOr<api::Quantity> q = v->is_string() ? api::Quantity::Parse(v->get_string())
                              : v->is_int64()
                                  ? StatusOr<api::Quantity>(api::Quantity::FromInt64(
                                        v->get_int64(), api::Quantity::Format::kDecimalSI))
                                  : StatusOr<api::Quantity>(Status::BadRequest("not a quantity"));
  if (!q.ok()) return std::nullopt;
  return *q;
}

api::Quantity ResourceOrZero(const boost::json::object& container, std::string_view list,
                             std::string_view name) {
  return ResourceQuantity(container, list, name).value_or(api::Quantity());
}

bool IsSidecar(const boost::json::object& container) {
  return Str(&container, "restartPolicy") == "Always";
}

std::string FormatPod(const boost::json::object& pod) {
  const boost::json::object* meta = Obj(&pod, "metadata");
  return Str(meta, "name") + "_" + Str(meta, "namespace") + "(" + Str(meta, "uid") + ")";
}

}  // namespace kubepp::kubelet

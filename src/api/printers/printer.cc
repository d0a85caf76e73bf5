#include "api/printers/printer.h"

#include "api/printers/json_fields.h"
#include "api/printers/timestamp.h"

namespace kubepp::api::printers {
namespace {

// metav1.ObjectMeta's field docs, which upstream uses for the Name and Age columns.
constexpr const char* kNameDoc =
    "Name must be unique within a namespace. Is required when creating resources, although some "
    "resources may allow a client to request the generation of an appropriate name "
    "automatically. Name is primarily intended for creation idempotence and configuration "
    "definition. Cannot be updated. More info: "
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
constexpr const char* kCreationTimestampDoc =
    "CreationTimestamp is a timestamp representing the server time when this object was "
    "created. It is not guaranteed to be set in happens-before order across separate "
    "operations. Clients may not set this value. It is represented in RFC3339 form and is in "
    "UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: "
    "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

PrinterMap BuildRegistry() {
  PrinterMap m;
  RegisterPodPrinters(m);
  RegisterWorkloadPrinters(m);
  RegisterBatchPrinters(m);
  RegisterServicePrinters(m);
  RegisterNetworkingPrinters(m);
  RegisterNodePrinters(m);
  RegisterEventPrinters(m);
  RegisterConfigPrinters(m);
  RegisterStoragePrinters(m);
  RegisterAutoscalingPrinters(m);
  RegisterClusterPrinters(m);
  return m;
}

}  // namespace

const Printer* FindPrinter(std::string_view group, std::string_view resource) {
  static const PrinterMap registry = BuildRegistry();
  auto it = registry.find({std::string(group), std::string(resource)});
  return it == registry.end() ? nullptr : &it->second;
}

Column NameColumn() { return {"Name", "string", "name", kNameDoc, 0}; }
Column AgeColumn() { return {"Age", "string", "", kCreationTimestampDoc, 0}; }
Column ContainersColumn(int priority) {
  return {"Containers", "string", "", "Names of each container in the template.", priority};
}
Column ImagesColumn(int priority) {
  return {"Images", "string", "", "Images referenced by each container in the template.", priority};
}

std::string Age(const PrintContext& ctx) {
  return TimestampSince(Meta(ctx.obj, "creationTimestamp"), ctx.now);
}

std::pair<std::string, std::string> LayoutContainers(const boost::json::object& pod_spec) {
  std::string names, images;
  bool first = true;
  for (const boost::json::value& c : Arr(pod_spec, "containers")) {
    if (!first) {
      names += ",";
      images += ",";
    }
    first = false;
    names += Str(AsObj(c), "name");
    images += Str(AsObj(c), "image");
  }
  return {names, images};
}

}  // namespace kubepp::api::printers

// The printer of one resource: its Table columns and the function computing a
// row's cells, mirroring one handler registered in upstream's
// printers/internalversion AddHandlers. Families of kinds register their
// printers in the Register* functions below (one .cc file per family);
// FindPrinter looks them up by the resource's group and plural name.
//
// Upstream's apiserver always generates tables with Wide set, so every row
// carries the cells of priority 1 columns too; clients hide them unless -o wide.
// Thread safety: the registry is built once (static init) and then read-only.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/codec/json_projection.h"
#include "api/resources/catalog.h"

namespace kubepp::api::printers {

// One metav1.TableColumnDefinition.
struct Column {
  std::string name;         // "Ready"
  std::string type;         // "string", "integer", "boolean", "date", "number"
  std::string format;       // "name" for the object's name column, else ""
  std::string description;  // from the API field docs
  int priority = 0;         // 1: shown only with -o wide
};

// What a cell function may read.
struct PrintContext {
  const boost::json::object& obj;
  std::chrono::microseconds now;  // since the Unix epoch
  const ResourceInfo& resource;
};

using CellsFn = std::function<boost::json::array(const PrintContext&)>;

struct Printer {
  std::vector<Column> columns;
  CellsFn cells;
  // The members `cells` reads, when declared: a Table LIST then parses only
  // these of each stored object. Every printer test checks that cells from
  // the projection equal cells from the whole object.
  std::optional<JsonProjection> reads;
};

// group ("" for core) and resource ("pods") → printer.
using PrinterMap = std::map<std::pair<std::string, std::string>, Printer>;

// nullptr when the resource has no printer (the default convertor applies).
const Printer* FindPrinter(std::string_view group, std::string_view resource);

// Family registrations, one per file.
void RegisterPodPrinters(PrinterMap& m);         // pods, podtemplates
void RegisterWorkloadPrinters(PrinterMap& m);    // rc, replicasets, deployments, daemonsets,
                                                 // statefulsets, controllerrevisions
void RegisterBatchPrinters(PrinterMap& m);       // jobs, cronjobs
void RegisterServicePrinters(PrinterMap& m);     // services, endpoints, endpointslices
void RegisterNetworkingPrinters(PrinterMap& m);  // ingresses, ingressclasses, networkpolicies,
                                                 // servicecidrs, ipaddresses
void RegisterNodePrinters(PrinterMap& m);        // nodes
void RegisterEventPrinters(PrinterMap& m);       // events (core and events.k8s.io)
void RegisterConfigPrinters(PrinterMap& m);      // namespaces, configmaps, secrets,
                                             // serviceaccounts, resourcequotas, componentstatuses
void RegisterStoragePrinters(PrinterMap& m);  // pv, pvc, storageclasses, csi*, volumeattachments
void RegisterAutoscalingPrinters(PrinterMap& m);  // horizontalpodautoscalers
void RegisterClusterPrinters(
    PrinterMap& m);  // pdb, priorityclasses, leases, rbac
                     // bindings, csr, webhooks, flowcontrol, apiservices, ...

// Columns that many kinds share.
Column NameColumn();  // "Name", format "name"
Column AgeColumn();   // "Age", creationTimestamp
Column ContainersColumn(int priority);
Column ImagesColumn(int priority);

// The age of the object (metadata.creationTimestamp).
std::string Age(const PrintContext& ctx);

// Names and images of the containers, comma-separated, as -o wide shows them.
std::pair<std::string, std::string> LayoutContainers(const boost::json::object& pod_spec);

}  // namespace kubepp::api::printers

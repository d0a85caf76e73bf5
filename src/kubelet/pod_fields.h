// Reading the parts of a Pod (as the API returns it, a JSON object) that
// the kubelet's building blocks need: metadata, containers and their
// resource quantities. Absent fields and values of the wrong JSON type read
// as absent, so callers never trip over a partially filled object.
//
// Thread safety: pure functions over immutable input.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/quantity/quantity.h"
#include "api/validation/json_access.h"

namespace kubepp::kubelet {

using api::validation::Arr;
using api::validation::Bool;
using api::validation::Field;
using api::validation::Int;
using api::validation::Obj;
using api::validation::Str;

// A container of the pod and where it sits in the spec.
struct ContainerRef {
  const boost::json::object* container;  // never null
  bool init;                             // from spec.initContainers
};

// spec.containers then spec.initContainers (the order upstream's GetPodQOS
// walks them); ephemeral containers are not included.
std::vector<ContainerRef> ContainersAndInitContainers(const boost::json::object& pod);
// Only spec.containers.
std::vector<const boost::json::object*> RegularContainers(const boost::json::object& pod);
// The container named `name` among spec.containers, then spec.initContainers; null if none.
const boost::json::object* FindContainer(const boost::json::object& pod, std::string_view name);

// container.resources.<list>[name], where list is "requests" or "limits".
// nullopt when absent or not a valid quantity.
std::optional<api::Quantity> ResourceQuantity(const boost::json::object& container,
                                              std::string_view list, std::string_view name);
// The same with upstream's ResourceList accessors' defaulting: zero when absent.
api::Quantity ResourceOrZero(const boost::json::object& container, std::string_view list,
                             std::string_view name);

// A restartable init container ("sidecar"): restartPolicy Always.
bool IsSidecar(const boost::json::object& container);

// How the kubelet names a pod in events and errors (upstream's format.Pod):
// "name_namespace(uid)".
std::string FormatPod(const boost::json::object& pod);

}  // namespace kubepp::kubelet

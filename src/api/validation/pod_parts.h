// The pieces of PodSpec validation, split by topic across pod_volumes.cc,
// pod_containers.cc and pod_scheduling.cc; pod_spec.cc puts them together
// in upstream's order. Internal to this folder.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <set>
#include <string>

#include "api/validation/field_errors.h"

namespace kubepp::api::validation {

// Volumes; fills `names` with the volumes that validated (mounts may refer to them).
ErrorList ValidateVolumes(const boost::json::array* volumes, const FieldPath& path,
                          std::set<std::string>* names);
ErrorList ValidateVolumeMounts(const boost::json::array* mounts,
                               const std::set<std::string>& volumes, const FieldPath& path);
// Regular and init containers; `names` carries container names across both lists.
ErrorList ValidateContainers(const boost::json::array* containers,
                             const std::set<std::string>& volumes, const FieldPath& path,
                             std::set<std::string>* names);
ErrorList ValidateInitContainers(const boost::json::array* containers,
                                 const std::set<std::string>& volumes, const FieldPath& path,
                                 std::set<std::string>* names);
ErrorList ValidateAffinity(const boost::json::object* affinity, const FieldPath& path);
ErrorList ValidateTopologySpread(const boost::json::array* constraints, const FieldPath& path);

}  // namespace kubepp::api::validation

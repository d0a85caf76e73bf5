// PodSpec and PodTemplateSpec validation (core validation.go's ValidatePodSpec,
// validateContainers, ValidateVolumes, probes, resources, affinity, ...),
// shared by Pods, PodTemplates and every workload's template.
#pragma once

#include <boost/json/object.hpp>

#include "api/validation/field_errors.h"
#include "api/validation/json_access.h"

namespace kubepp::api::validation {

// `resource_is_pod`: the spec is a Pod's own, not a template's (hostPort rules differ).
ErrorList ValidatePodSpec(const boost::json::object* spec, const FieldPath& path,
                          bool resource_is_pod = false);
// A template: its labels and annotations (at <path>.labels / <path>.annotations,
// as upstream reports them) and its spec.
ErrorList ValidatePodTemplateSpec(const boost::json::object* tmpl, const FieldPath& path);

// Pods themselves.
ErrorList ValidatePodCreate(const boost::json::object& pod, bool namespaced);
ErrorList ValidatePodUpdate(const boost::json::object& pod, const boost::json::object& old);

// Shared pieces other kinds reuse.
ErrorList ValidateTolerations(const boost::json::array* tolerations, const FieldPath& path);
ErrorList ValidateNodeSelector(const boost::json::object* selector, const FieldPath& path);
ErrorList ValidatePortNumOrName(const IntOrString& port, const FieldPath& path);
// A resource list (limits/requests/capacity): names and quantity syntax.
ErrorList ValidateResourceQuantities(const boost::json::object* list, const FieldPath& path);

}  // namespace kubepp::api::validation

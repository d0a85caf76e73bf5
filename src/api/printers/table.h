// Server-side printing: the columns `kubectl get` shows for each kind, as
// upstream's pkg/printers/internalversion/printers.go defines them.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/resources/catalog.h"

namespace kubepp::api {

// The columnDefinitions array of a meta.k8s.io/v1 Table for this resource
// (each {name, type, format, description, priority}); priority 1 columns are
// the extra ones of -o wide. Kinds upstream does not print get the default
// NAME / AGE ("Created At" description) columns.
boost::json::array TableColumns(const ResourceInfo& resource);

// The cells of one row, one per column, in order. `now_unix` is the current
// time for ages ("5m", "3d4h" as upstream's duration.HumanDuration prints them).
boost::json::array TableCells(const ResourceInfo& resource, const boost::json::object& obj,
                              long long now_unix);

}  // namespace kubepp::api

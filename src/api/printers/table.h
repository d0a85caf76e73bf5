// Server-side printing: the columns `kubectl get` shows for each kind, as
// upstream's pkg/printers/internalversion/printers.go defines them.
//
// The apiserver builds a meta.k8s.io/v1 Table from these: columnDefinitions
// from TableColumns, and for each object a row whose "cells" come from
// TableCells (cells follow the columns, so the first cell is the object's
// name for every kind but events, whose NAME is their last, -o wide column, as
// upstream has it; rows[].object and rows[].conditions are the apiserver's to
// add, the latter from TableRowConditions). Custom resources use
// custom_resource_table.h instead. Rows always carry the cells of the priority 1
// (-o wide) columns, because upstream's apiserver always prints wide.
//
// Kinds upstream prints with no handler (roles, clusterroles, limitranges,
// custom resources without printer columns, ...) get its default table
// convertor: columns "Name" (format "name") and "Created At" (type "date"),
// cells the name and metadata.creationTimestamp as RFC 3339 UTC
// ("2024-05-01T10:00:00Z"; "0001-01-01T00:00:00Z" when unset).
//
// Thread safety: all functions are pure; safe from any thread.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/codec/json_projection.h"
#include "api/resources/catalog.h"

namespace kubepp::api {

// The columnDefinitions array of a meta.k8s.io/v1 Table for this resource
// (each {name, type, format, description, priority}); priority 1 columns are
// the extra ones of -o wide.
boost::json::array TableColumns(const ResourceInfo& resource);

// The cells of one row, one per column, in order: strings, integers (int64)
// and booleans exactly where upstream puts them. `now_unix` is the current
// time for ages ("5m", "3d4h" as upstream's duration.HumanDuration prints them).
// Never throws; an object too malformed to print yields the name followed by
// empty strings.
boost::json::array TableCells(const ResourceInfo& resource, const boost::json::object& obj,
                              long long now_unix);

// The rows[].conditions upstream attaches: for pods that Succeeded or Failed,
// [{"type":"Completed","status":"True","reason":<phase>,"message":...}];
// empty for everything else.
boost::json::array TableRowConditions(const ResourceInfo& resource, const boost::json::object& obj);

// The members of an object that TableCells and TableRowConditions read for
// this resource, so that a row can be printed from a projection of the
// object (json_projection.h); nullptr when they may read anything.
const JsonProjection* TableCellReads(const ResourceInfo& resource);

// True when the resource has its own printer (false: default convertor).
bool HasTablePrinter(const ResourceInfo& resource);

// The table of an autoscaling/v1 Scale (`kubectl get --subresource=scale`):
// Name (without format "name", as upstream declares it), Desired and
// Available (integers from spec.replicas and status.replicas), Age.
boost::json::array ScaleTableColumns();
boost::json::array ScaleTableCells(const boost::json::object& scale, long long now_unix);

}  // namespace kubepp::api

// Tables for custom resources, as apiextensions-apiserver's tableconvertor
// builds them from a CRD version's additionalPrinterColumns: a "Name" column
// (format "name"), then one column per printer column with its type, format,
// priority and description (default "Custom resource definition column (in
// JSONPath format): <jsonPath>"). A version without printer columns gets a
// single "Age" column (type "date", path .metadata.creationTimestamp).
//
// Cells: the name, then per column the first value the JSONPath selects, or
// null when it selects nothing. "string" columns print the value as kubectl's
// JSONPath does (objects and arrays as compact JSON); "integer", "number" and
// "boolean" columns keep JSON numbers/booleans (null otherwise); "date"
// columns print the age of an RFC 3339 string ("5m"), "<invalid>" for another
// string; other types are null.
//
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace kubepp::api {

// `printer_columns` is spec.versions[i].additionalPrinterColumns of the CRD
// (each {name, type, format?, description?, priority?, jsonPath}); may be empty.
boost::json::array CustomResourceTableColumns(const boost::json::array& printer_columns);

boost::json::array CustomResourceTableCells(const boost::json::array& printer_columns,
                                            const boost::json::object& obj, long long now_unix);

}  // namespace kubepp::api

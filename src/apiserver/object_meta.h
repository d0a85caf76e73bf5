// Reading and writing the ObjectMeta of a JSON object.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace kubepp::apiserver {

// metadata, created when absent.
boost::json::object& MetaOf(boost::json::object& obj);
// nullptr when absent or not an object.
const boost::json::object* MetaOf(const boost::json::object& obj);

std::string MetaString(const boost::json::object& obj, std::string_view field);
void SetMetaString(boost::json::object& obj, std::string_view field, std::string_view value);
void EraseMeta(boost::json::object& obj, std::string_view field);
// Non-empty metadata.finalizers.
bool HasFinalizers(const boost::json::object& obj);
bool HasFinalizer(const boost::json::object& obj, std::string_view finalizer);

// RFC 3339 UTC timestamp with second precision ("2026-11-21T23:59:01Z").
std::string NowRfc3339();
std::string Rfc3339(int64_t unix_seconds);
// A random UUID (version 4).
std::string NewUid();
// 5 characters from upstream's generateName alphabet.
std::string RandomSuffix(size_t n = 5);

// Returns the string at obj[a][b]... or "" when any step is missing.
std::string StringAt(const boost::json::object& obj, std::initializer_list<std::string_view> path);

}  // namespace kubepp::apiserver

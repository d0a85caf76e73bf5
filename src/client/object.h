// Objects as the client runtime hands them around: whole API objects
// (apiVersion, kind, metadata, spec, status) as immutable shared JSON, so one
// decoded object is shared by the informer cache, every handler and every
// lister reader without copies. To change an object, copy it, edit the copy
// and write it through ApiClient.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace kubepp::client {

using ObjectPtr = std::shared_ptr<const boost::json::object>;

ObjectPtr MakeObject(boost::json::object obj);

// metadata fields; "" when absent.
std::string_view NamespaceOf(const boost::json::object& obj);
std::string_view NameOf(const boost::json::object& obj);
std::string_view UidOf(const boost::json::object& obj);
std::string_view ResourceVersionOf(const boost::json::object& obj);
// "namespace/name", or "name" for cluster-scoped objects: the key of caches
// and workqueues (upstream's MetaNamespaceKeyFunc).
std::string KeyOf(const boost::json::object& obj);
std::string MakeKey(std::string_view ns, std::string_view name);
// Splits a key made by KeyOf/MakeKey: {"", name} for cluster-scoped keys.
std::pair<std::string_view, std::string_view> SplitKey(std::string_view key);

}  // namespace kubepp::client

// meta.k8s.io/v1 Table responses (what `kubectl get` asks for), built from
// the columns and cells of api/printers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "api/resources/catalog.h"

namespace kubepp::apiserver {

enum class IncludeObject { kNone, kMetadata, kObject };
IncludeObject ParseIncludeObject(const std::string& value);  // default kMetadata

struct TableOptions {
  IncludeObject include = IncludeObject::kMetadata;
  bool include_columns = true;  // watch events after the first leave them out
  std::string resource_version;
  std::string continue_token;
  int64_t remaining_item_count = -1;
};

std::string TableJson(const api::ResourceInfo& r, const std::vector<const boost::json::object*>& objects,
                      const TableOptions& options);

}  // namespace kubepp::apiserver

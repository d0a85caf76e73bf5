// The query and path parameters of Kubernetes REST operations, named once so
// every operation lists the same ones with the same types. Names and types
// are upstream's (they are what clients send); descriptions are our own.
#pragma once

#include <string>
#include <vector>

#include "api/openapi/operations.h"

namespace kubepp::api::openapi::params {

Param Query(std::string name, std::string type, std::string description);
Param Path(std::string name, std::string description);

Param Pretty();
// GET on a collection (list and watch).
std::vector<Param> List();
// POST and PUT; PATCH adds `force` (server-side apply).
std::vector<Param> Write(bool patch);
// DELETE of one object, or of a collection (which also takes the list filters).
std::vector<Param> Delete(bool collection);
// The options of the streaming subresources: "log", "exec", "attach", "portforward".
std::vector<Param> Connect(const std::string& subresource);

}  // namespace kubepp::api::openapi::params

// Discovery documents built from the catalog: the legacy forms (/api,
// /apis, /api/v1, /apis/<group>[/<version>]) and the aggregated form
// (apidiscovery.k8s.io v2 and v2beta1) that kubectl 1.27+ asks for.
#pragma once

#include <string>
#include <string_view>

namespace kubepp::apiserver {

// nullptr when the path is not a discovery path this server serves.
// `accept` selects the aggregated form for /api and /apis; `content_type` is set.
const std::string* DiscoveryDocument(std::string_view path, std::string_view accept, std::string* content_type);

}  // namespace kubepp::apiserver

// The Summary API's JSON, as upstream's kubelet writes it with Go's
// encoding/json: fields in the order upstream declares them, optional fields
// left out when empty, times in RFC 3339 whole seconds (null when unset).
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "kubelet/stats/summary.h"

namespace kubepp::kubelet::stats {

boost::json::object SummaryToJson(const Summary& summary);
// SummaryToJson serialized.
std::string SummaryJsonText(const Summary& summary);

}  // namespace kubepp::kubelet::stats

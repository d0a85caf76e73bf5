// JSON as Go's json.MarshalIndent(v, "", " ") writes it, which is how the
// kubelet's stats endpoints answer (go-restful pretty-prints responses):
// one space per level, "key": value, empty objects and arrays as {} and [],
// and <, > and & inside strings escaped as \u003c, \u003e and \u0026.
//
// Thread safety: a pure function.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace kubepp::kubelet::stats {

std::string GoIndentedJson(const boost::json::value& v);

}  // namespace kubepp::kubelet::stats

// Helpers shared by the kubelet's unit tests.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <string_view>

namespace kubepp::kubelet::testing {

inline boost::json::object Json(std::string_view text) {
  return boost::json::parse(text).as_object();
}

}  // namespace kubepp::kubelet::testing

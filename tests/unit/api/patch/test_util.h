// Helpers shared by the patch tests.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <string_view>

namespace kubepp::api::testing {

inline boost::json::value J(std::string_view text) { return boost::json::parse(text); }

}  // namespace kubepp::api::testing

// Helpers shared by the client runtime's unit tests.
#pragma once

#include <chrono>
#include <thread>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "unit/eventually.h"

namespace kubepp::client::testing {

inline boost::json::object Json(std::string_view text) { return boost::json::parse(text).as_object(); }

}  // namespace kubepp::client::testing

// Shared helpers for the defaulting tests: parse an object, default it as
// the catalog's resource, and check that a second pass changes nothing.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "api/defaults/defaults.h"
#include "api/resources/catalog.h"

namespace kubepp::api::testing {

inline boost::json::object Parse(std::string_view text) {
  return boost::json::parse(text).as_object();
}

// Defaults `text` as group/version/resource; fails the test when a second
// pass changes the object (defaulting must be idempotent).
inline boost::json::object Defaulted(std::string_view group, std::string_view version,
                                     std::string_view resource, std::string_view text) {
  const ResourceInfo* info = Catalog::Get().Find(group, version, resource);
  EXPECT_NE(info, nullptr) << resource;
  boost::json::object obj = Parse(text);
  if (info == nullptr) return obj;
  ApplyDefaults(*info, obj);
  boost::json::object again = obj;
  ApplyDefaults(*info, again);
  EXPECT_EQ(boost::json::serialize(again), boost::json::serialize(obj))
      << "defaulting " << resource << " twice changed it";
  return obj;
}

// The value at a "/"-separated JSON pointer, or null when absent.
inline boost::json::value At(const boost::json::object& obj, std::string_view pointer) {
  boost::json::value v = obj;
  boost::system::error_code ec;
  const boost::json::value* found = v.find_pointer(pointer, ec);
  return found ? *found : boost::json::value();
}

}  // namespace kubepp::api::testing

// Helpers shared by the managedfields tests: JSON literals, sets from path
// strings, and the atoms of a few kinds.
#pragma once

#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "api/managedfields/field_set.h"
#include "api/managedfields/fields_v1.h"
#include "api/managedfields/type_schema.h"

namespace kubepp::api::managedfields::testing {

inline boost::json::value J(std::string_view text) { return boost::json::parse(text); }
inline boost::json::object O(std::string_view text) { return boost::json::parse(text).as_object(); }

// A set from its FieldsV1 text.
inline FieldSet S(std::string_view fields_v1) {
  auto s = DecodeFieldsV1Text(fields_v1);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : FieldSet();
}

inline std::string V1(const FieldSet& s) { return EncodeFieldsV1Text(s); }

inline const Atom* ConfigMapAtom() { return RootAtom("", "v1", "ConfigMap"); }
inline const Atom* DeploymentAtom() { return RootAtom("apps", "v1", "Deployment"); }
inline const Atom* PodAtom() { return RootAtom("", "v1", "Pod"); }

}  // namespace kubepp::api::managedfields::testing

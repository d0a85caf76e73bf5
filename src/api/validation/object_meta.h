// ObjectMeta validation shared by every kind (apimachinery's
// ValidateObjectMeta / ValidateObjectMetaUpdate plus core's finalizer-name
// rule), and the name rules kinds choose from.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "api/validation/field_errors.h"

namespace kubepp::api::validation {

// How a kind's metadata.name is checked.
enum class NameRule {
  kDNSSubdomain,  // most kinds
  kDNSLabel,      // namespaces
  kDNS1035Label,  // services
  kPathSegment,   // RBAC roles and bindings, persistent volumes, ...
};

// Problems with `name` under `rule`; `prefix` is true for generateName, whose
// trailing '-' is allowed because a suffix will follow.
std::vector<std::string> CheckName(NameRule rule, std::string_view name, bool prefix);

// metadata of a new object. `namespaced` comes from the resource's scope.
ErrorList ValidateObjectMeta(const boost::json::object* meta, bool namespaced, NameRule rule,
                             const FieldPath& path);
// metadata of an updated object against the stored one.
ErrorList ValidateObjectMetaUpdate(const boost::json::object* meta,
                                   const boost::json::object* old_meta, const FieldPath& path);

// metav1 label map: keys are qualified names, values label values.
ErrorList ValidateLabels(const boost::json::object* labels, const FieldPath& path);
// A field manager name (a request's fieldManager, an entry's manager): at
// most 128 bytes, every character printable.
ErrorList ValidateFieldManager(std::string_view manager, const FieldPath& path);
// metadata.managedFields: operations Apply or Update, fieldsType FieldsV1,
// valid manager names, subresource names of at most 256 bytes.
ErrorList ValidateManagedFields(const boost::json::array* entries, const FieldPath& path);
// Annotations: keys are qualified names (any case), total size at most 256 KiB.
ErrorList ValidateAnnotations(const boost::json::object* annotations, const FieldPath& path);
ErrorList ValidateQualifiedName(std::string_view value, const FieldPath& path);
ErrorList ValidateDNS1123Label(std::string_view value, const FieldPath& path);
ErrorList ValidateDNS1123Subdomain(std::string_view value, const FieldPath& path);
ErrorList ValidateNonnegative(int64_t value, const FieldPath& path);
// Upstream's ValidateImmutableField for string-typed fields.
ErrorList ValidateImmutableString(const std::string& now, const std::string& old,
                                  const FieldPath& path);

}  // namespace kubepp::api::validation

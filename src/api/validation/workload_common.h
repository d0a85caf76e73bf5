// Pieces shared by workload controllers (apps and batch): intstr percent
// rules, the template-matches-selector rule, and selector immutability.
#pragma once

#include <boost/json/object.hpp>

#include "api/validation/field_errors.h"
#include "api/validation/json_access.h"

namespace kubepp::api::validation {

// ValidatePositiveIntOrPercent: a non-negative int or "<digits>%".
ErrorList ValidatePositiveIntOrPercent(const IntOrString& v, const FieldPath& path);
// IsNotMoreThan100Percent.
ErrorList ValidateNotMoreThan100Percent(const IntOrString& v, const FieldPath& path);
// getIntOrPercentValue: the number, percent or not (0 when unparsable).
int64_t IntOrPercentValue(const IntOrString& v);

// spec.selector must not change (apps/v1 strategies); `path` is spec.selector.
ErrorList ValidateSelectorImmutable(const boost::json::object* selector,
                                    const boost::json::object* old_selector, const FieldPath& path);

}  // namespace kubepp::api::validation

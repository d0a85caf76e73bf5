// Values printed the way Go prints them, for tables whose cells upstream
// renders with fmt and encoding/json (custom resource printer columns):
// GoFloatText is fmt's %v of a float64 ("1.5", "1e+06", "2.5e-07");
// GoJsonText is encoding/json's Marshal of a decoded JSON value (object keys
// sorted, <, > and & escaped as \u003c, \u003e, \u0026).
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace kubepp::api::printers {

std::string GoFloatText(double d);
std::string GoJsonText(const boost::json::value& v);

}  // namespace kubepp::api::printers

// Name and label syntax rules of Kubernetes (k8s.io/apimachinery util/validation).
//
// Each check returns the list of problems, empty when the value is valid; the
// messages are upstream's wording, so that callers can put them verbatim into
// field causes ("a lowercase RFC 1123 subdomain must consist of ...").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kubepp::api {

// RFC 1123 subdomain: at most 253 chars, [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*
std::vector<std::string> IsDNS1123Subdomain(std::string_view value);
// RFC 1123 label: at most 63 chars, [a-z0-9]([-a-z0-9]*[a-z0-9])?
std::vector<std::string> IsDNS1123Label(std::string_view value);
// RFC 1035 label: at most 63 chars, [a-z]([-a-z0-9]*[a-z0-9])?  (Service names)
std::vector<std::string> IsDNS1035Label(std::string_view value);
// Qualified name: optional DNS-subdomain prefix and "/", then a name of at most
// 63 chars ([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?). Label and annotation keys.
std::vector<std::string> IsQualifiedName(std::string_view value);
// Label value: empty, or at most 63 chars of the qualified-name-part form.
std::vector<std::string> IsValidLabelValue(std::string_view value);
// C identifier for env var names is not a Kubernetes rule; env names are:
// [-._a-zA-Z][-._a-zA-Z0-9]* ("a valid environment variable name must consist of ...").
std::vector<std::string> IsEnvVarName(std::string_view value);
// ConfigMap/Secret keys: [-._a-zA-Z0-9]+, at most 253 chars, not "." or "..".
std::vector<std::string> IsConfigMapKey(std::string_view value);
// IANA service name (named ports): at most 15 chars, [a-z0-9-], a letter, no "--", no leading/trailing "-".
std::vector<std::string> IsValidPortName(std::string_view value);
// 1..65535
std::vector<std::string> IsValidPortNum(long long port);
// An IPv4 or IPv6 address.
std::vector<std::string> IsValidIP(std::string_view value);

}  // namespace kubepp::api

// A StatefulSet pod's identity and storage (upstream's stateful_set_utils):
// the name "<set>-<ordinal>", the labels statefulset.kubernetes.io/pod-name
// and apps.kubernetes.io/pod-index, hostname = name and subdomain =
// spec.serviceName (a stable DNS name through the headless Service), and
// one PersistentVolumeClaim per volumeClaimTemplate, "<template>-<set>-<ordinal>",
// mounted in place of any pod volume of the template's name.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace kubepp::controllers::statefulset {

inline constexpr std::string_view kPodNameLabel = "statefulset.kubernetes.io/pod-name";
inline constexpr std::string_view kPodIndexLabel = "apps.kubernetes.io/pod-index";

std::string PodName(std::string_view set_name, int64_t ordinal);
// The ordinal of a pod named "<set>-<n>"; nullopt for other names.
std::optional<int64_t> OrdinalOf(std::string_view set_name, std::string_view pod_name);
// spec.ordinals.start (0 when unset).
int64_t StartOrdinal(const boost::json::object& set);

std::string ClaimName(std::string_view template_name, std::string_view set_name, int64_t ordinal);
// The claims pod `ordinal` needs, named and labelled (template labels plus the
// set's matchLabels), without owner references.
std::vector<boost::json::object> ClaimsFor(const boost::json::object& set, int64_t ordinal);

// The pod for `ordinal` from `pod_template` (the current or update
// revision's), owned by `set`, labelled with `revision_name`.
boost::json::object NewStatefulPod(const boost::json::object& set, const boost::json::object& pod_template,
                                   int64_t ordinal, std::string_view revision_name);

}  // namespace kubepp::controllers::statefulset

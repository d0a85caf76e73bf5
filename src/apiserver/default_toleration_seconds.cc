#include "apiserver/default_toleration_seconds.h"

#include <string_view>

namespace kubepp::apiserver {
namespace {

constexpr std::string_view kNotReady = "node.kubernetes.io/not-ready";
constexpr std::string_view kUnreachable = "node.kubernetes.io/unreachable";

std::string_view Field(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view{};
}

// A toleration with an empty key tolerates every key; an empty effect every effect.
bool Tolerates(const boost::json::array& tolerations, std::string_view key) {
  for (const auto& t : tolerations) {
    const auto* o = t.if_object();
    if (!o) continue;
    auto k = Field(*o, "key");
    auto effect = Field(*o, "effect");
    if ((k == key || k.empty()) && (effect == "NoExecute" || effect.empty())) return true;
  }
  return false;
}

}  // namespace

void AddDefaultTolerationSeconds(boost::json::object& pod) {
  auto& spec_value = pod["spec"];
  if (!spec_value.is_object()) return;
  auto& spec = spec_value.as_object();
  auto& tol_value = spec["tolerations"];
  if (!tol_value.is_array()) tol_value = boost::json::array();
  auto& tolerations = tol_value.as_array();
  const bool not_ready = Tolerates(tolerations, kNotReady);
  const bool unreachable = Tolerates(tolerations, kUnreachable);
  if (!not_ready) {
    tolerations.push_back(boost::json::object{{"key", kNotReady},
                                              {"operator", "Exists"},
                                              {"effect", "NoExecute"},
                                              {"tolerationSeconds", kDefaultNotReadyTolerationSeconds}});
  }
  if (!unreachable) {
    tolerations.push_back(boost::json::object{{"key", kUnreachable},
                                              {"operator", "Exists"},
                                              {"effect", "NoExecute"},
                                              {"tolerationSeconds", kDefaultUnreachableTolerationSeconds}});
  }
}

}  // namespace kubepp::apiserver

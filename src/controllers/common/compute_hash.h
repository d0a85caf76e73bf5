// The pod-template-hash of a Deployment's ReplicaSets: FNV-32a over a
// canonical rendering of the pod template (JSON with every object's keys
// sorted, so the hash depends on content, not key order), then the
// collisionCount (when set) as 8 bytes, little-endian; the 32-bit sum in
// decimal is spelled in upstream's SafeEncodeString alphabet (no vowels, no
// 0/1/3, so a hash never reads as a word) — the same shape as upstream's
// "6cf56fc848". DO NOT CHANGE: ReplicaSet names and pod labels in running
// clusters are made of it.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace kubepp::controllers::common {

uint32_t Fnv32a(std::string_view bytes, uint32_t seed = 2166136261u);
// Each byte of `s` mapped into "bcdfghjklmnpqrstvwxz2456789" (byte modulo 27).
std::string SafeEncodeString(std::string_view s);
// JSON text with object keys sorted at every level.
std::string CanonicalJson(const boost::json::value& v);
std::string ComputeHash(const boost::json::value& pod_template, std::optional<int64_t> collision_count);

}  // namespace kubepp::controllers::common

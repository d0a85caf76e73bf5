#include "controllers/common/compute_hash.h"

#include <algorithm>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace kubepp::controllers::common {

uint32_t Fnv32a(std::string_view bytes, uint32_t seed) {
  uint32_t h = seed;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

std::string SafeEncodeString(std::string_view s) {
  static constexpr std::string_view kAlphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) out.push_back(kAlphabet[c % kAlphabet.size()]);
  return out;
}

namespace {

void Render(const boost::json::value& v, std::string& out) {
  if (v.is_object()) {
    const boost::json::object& o = v.get_object();
    std::vector<const boost::json::key_value_pair*> members;
    for (const auto& kv : o) members.push_back(&kv);
    std::sort(members.begin(), members.end(),
              [](const auto* a, const auto* b) { return a->key() < b->key(); });
    out.push_back('{');
    for (size_t i = 0; i < members.size(); ++i) {
      if (i > 0) out.push_back(',');
      out += boost::json::serialize(boost::json::value(members[i]->key()));
      out.push_back(':');
      Render(members[i]->value(), out);
    }
    out.push_back('}');
  } else if (v.is_array()) {
    out.push_back('[');
    bool first = true;
    for (const auto& e : v.get_array()) {
      if (!first) out.push_back(',');
      first = false;
      Render(e, out);
    }
    out.push_back(']');
  } else {
    out += boost::json::serialize(v);
  }
}

}  // namespace

std::string CanonicalJson(const boost::json::value& v) {
  std::string out;
  Render(v, out);
  return out;
}

std::string ComputeHash(const boost::json::value& pod_template, std::optional<int64_t> collision_count) {
  uint32_t h = Fnv32a(CanonicalJson(pod_template));
  if (collision_count) {
    uint32_t c = static_cast<uint32_t>(*collision_count);
    char bytes[8] = {static_cast<char>(c & 0xff), static_cast<char>((c >> 8) & 0xff),
                     static_cast<char>((c >> 16) & 0xff), static_cast<char>((c >> 24) & 0xff), 0, 0, 0, 0};
    h = Fnv32a(std::string_view(bytes, 8), h);
  }
  return SafeEncodeString(std::to_string(h));
}

}  // namespace kubepp::controllers::common

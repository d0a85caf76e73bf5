#include "apiserver/object_meta.h"

#include <ctime>
#include <random>

#include <boost/json/value.hpp>

#include "api/protobuf/well_known.h"

namespace kubepp::apiserver {

boost::json::object& MetaOf(boost::json::object& obj) {
  auto& v = obj["metadata"];
  if (!v.is_object()) v = boost::json::object();
  return v.as_object();
}

const boost::json::object* MetaOf(const boost::json::object& obj) {
  auto it = obj.find("metadata");
  if (it == obj.end() || !it->value().is_object()) return nullptr;
  return &it->value().as_object();
}

std::string MetaString(const boost::json::object& obj, std::string_view field) {
  const auto* meta = MetaOf(obj);
  if (!meta) return {};
  auto it = meta->find(field);
  if (it == meta->end() || !it->value().is_string()) return {};
  return std::string(it->value().as_string());
}

void SetMetaString(boost::json::object& obj, std::string_view field, std::string_view value) {
  MetaOf(obj)[field] = value;
}

void EraseMeta(boost::json::object& obj, std::string_view field) {
  auto it = obj.find("metadata");
  if (it != obj.end() && it->value().is_object()) it->value().as_object().erase(field);
}

bool HasFinalizers(const boost::json::object& obj) {
  const auto* meta = MetaOf(obj);
  if (!meta) return false;
  auto it = meta->find("finalizers");
  return it != meta->end() && it->value().is_array() && !it->value().as_array().empty();
}

bool HasFinalizer(const boost::json::object& obj, std::string_view finalizer) {
  const auto* meta = MetaOf(obj);
  if (!meta) return false;
  auto it = meta->find("finalizers");
  if (it == meta->end() || !it->value().is_array()) return false;
  for (const auto& f : it->value().as_array()) {
    if (f.is_string() && f.as_string() == finalizer) return true;
  }
  return false;
}

std::string Rfc3339(int64_t unix_seconds) { return api::protobuf::FormatRfc3339(unix_seconds, 0, 0); }

std::string NowRfc3339() { return Rfc3339(static_cast<int64_t>(std::time(nullptr))); }

namespace {
std::mt19937_64& Rng() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng;
}
}  // namespace

std::string NewUid() {
  uint64_t a = Rng()(), b = Rng()();
  a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

std::string RandomSuffix(size_t n) {
  // Upstream's alphabet leaves out vowels and look-alike characters.
  static constexpr std::string_view kAlphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::string out;
  for (size_t i = 0; i < n; ++i) out.push_back(kAlphabet[Rng()() % kAlphabet.size()]);
  return out;
}

std::string StringAt(const boost::json::object& obj, std::initializer_list<std::string_view> path) {
  const boost::json::object* cur = &obj;
  size_t i = 0;
  for (auto key : path) {
    auto it = cur->find(key);
    if (it == cur->end()) return {};
    if (++i == path.size()) {
      return it->value().is_string() ? std::string(it->value().as_string()) : std::string();
    }
    if (!it->value().is_object()) return {};
    cur = &it->value().as_object();
  }
  return {};
}

}  // namespace kubepp::apiserver

#include "api/managedfields/create_memo.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "api/managedfields/managers.h"

namespace kubepp::api::managedfields {
namespace {

bool Untracked(std::string_view meta_field) {
  return std::find(std::begin(kUntrackedMetadata), std::end(kUntrackedMetadata), meta_field) !=
         std::end(kUntrackedMetadata);
}

void AppendMember(std::string_view key, const boost::json::value& v, std::string& out) {
  out += boost::json::serialize(boost::json::string_view(key.data(), key.size()));
  out += ':';
  out += boost::json::serialize(v);
  out += ',';
}

}  // namespace

std::optional<std::string> CreateMemo::Shape(const boost::json::object& obj,
                                             std::string_view manager) {
  std::string out;
  out.reserve(2048);
  out += boost::json::serialize(boost::json::string_view(manager.data(), manager.size()));
  out += '{';
  for (const auto& member : obj) {
    std::string_view key = member.key();
    if (key == "apiVersion" || key == "kind") continue;
    if (key != "metadata") {
      AppendMember(key, member.value(), out);
      if (out.size() > kMaxShapeBytes) return std::nullopt;
      continue;
    }
    if (!member.value().is_object()) return std::nullopt;
    out += "\"metadata\":{";
    for (const auto& meta : member.value().get_object()) {
      if (!Untracked(meta.key())) AppendMember(meta.key(), meta.value(), out);
    }
    out += "},";
    if (out.size() > kMaxShapeBytes) return std::nullopt;
  }
  out += '}';
  if (out.size() > kMaxShapeBytes) return std::nullopt;
  return out;
}

std::optional<boost::json::value> CreateMemo::Find(std::string_view shape, int64_t now) const {
  boost::json::value found;
  {
    std::lock_guard lock(mu_);
    for (const Slot& slot : slots_) {
      if (slot.shape == shape) {
        found = slot.managed_fields;
        break;
      }
    }
  }
  if (found.is_null()) return std::nullopt;
  found.get_array()[0].get_object()["time"] = FormatTime(now);
  return found;
}

void CreateMemo::Remember(std::string shape, const boost::json::value& managed_fields,
                          int64_t now) {
  const auto* entries = managed_fields.if_array();
  if (!entries || entries->size() != 1 || !(*entries)[0].is_object()) return;
  const auto* time = (*entries)[0].get_object().if_contains("time");
  if (!time || !time->is_string() || time->get_string() != FormatTime(now)) return;
  std::lock_guard lock(mu_);
  for (const Slot& slot : slots_) {
    if (slot.shape == shape) return;  // another thread remembered it first
  }
  Slot& slot = slots_[next_];
  next_ = (next_ + 1) % kSlots;
  slot.shape = std::move(shape);
  slot.managed_fields = managed_fields;
}

}  // namespace kubepp::api::managedfields

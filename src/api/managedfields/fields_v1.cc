#include "api/managedfields/fields_v1.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace kubepp::api::managedfields {
namespace {

void EncodeLevel(const FieldSet& set, bool include_self, boost::json::object& out) {
  const auto& members = set.members();
  const auto& children = set.children();
  out.reserve(members.size() + children.size() + (include_self ? 1 : 0));
  if (include_self && !set.Empty()) out.emplace(".", boost::json::object());
  size_t mi = 0, ci = 0;
  std::string key;
  while (mi < members.size() || ci < children.size()) {
    int c = mi == members.size() ? 1 : ci == children.size() ? -1 : members[mi].Compare(children[ci].element);
    key.clear();
    if (c < 0) {
      members[mi++].AppendSerialized(key);
      out.emplace(key, boost::json::object());
      continue;
    }
    const auto& child = children[ci++];
    child.element.AppendSerialized(key);
    boost::json::object nested;
    EncodeLevel(child.set, c == 0, nested);
    if (c == 0) ++mi;
    out.emplace(key, std::move(nested));
  }
}

// The subtree under one key: its children (if any) and whether the key itself
// is a member (an empty object, or one holding ".").
struct Level {
  FieldSet children;
  bool member = false;
};

StatusOr<Level> DecodeLevel(const boost::json::value& v) {
  if (!v.is_object()) return Status::BadRequest("FieldsV1: expected an object, got " + boost::json::serialize(v));
  Level level;
  for (const auto& kv : v.get_object()) {
    if (kv.key() == ".") {
      level.member = true;
      continue;
    }
    auto pe = PathElement::Parse(kv.key());
    if (!pe.ok()) return Status::BadRequest("FieldsV1: parsing key as path element: " + pe.status().message());
    if (!pe->has_value()) continue;  // a kind from a newer version
    auto sub = DecodeLevel(kv.value());
    if (!sub.ok()) return sub.status();
    if (sub->member) level.children.AppendMember(**pe);
    if (!sub->children.Empty()) level.children.AppendChild(std::move(**pe), std::move(sub->children));
  }
  // A key whose object holds nothing this version knows is a member.
  if (level.children.Empty()) level.member = true;
  return level;
}

bool MayIntersect(const FieldSet& set, const boost::json::object& level, std::string& key) {
  for (const auto& m : set.members()) {
    key.clear();
    m.AppendSerialized(key);
    if (level.contains(key)) return true;
  }
  for (const auto& c : set.children()) {
    key.clear();
    c.element.AppendSerialized(key);
    const auto* below = level.if_contains(key);
    if (!below) continue;
    if (!below->is_object()) return true;  // not ours to judge: decode it
    if (MayIntersect(c.set, below->get_object(), key)) return true;
  }
  return false;
}

}  // namespace

bool FieldsV1MayIntersect(const FieldSet& set, const boost::json::value& fields) {
  if (set.Empty()) return false;
  if (!fields.is_object()) return true;
  std::string key;
  return MayIntersect(set, fields.get_object(), key);
}

boost::json::object EncodeFieldsV1(const FieldSet& set) {
  boost::json::object out;
  EncodeLevel(set, false, out);
  return out;
}

std::string EncodeFieldsV1Text(const FieldSet& set) { return boost::json::serialize(EncodeFieldsV1(set)); }

StatusOr<FieldSet> DecodeFieldsV1(const boost::json::value& fields) {
  if (fields.is_null()) return FieldSet();
  auto level = DecodeLevel(fields);
  if (!level.ok()) return level.status();
  return std::move(level->children);
}

StatusOr<FieldSet> DecodeFieldsV1Text(std::string_view json) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec) return Status::BadRequest("FieldsV1: " + ec.message());
  return DecodeFieldsV1(v);
}

}  // namespace kubepp::api::managedfields

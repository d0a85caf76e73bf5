#include "api/managedfields/managers.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include <boost/json/object.hpp>

#include "api/managedfields/fields_v1.h"
#include "api/managedfields/go_json.h"

namespace kubepp::api::managedfields {
namespace {

// Go's %q for a manager name.
std::string Quoted(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7f) {
      char b[8];
      std::snprintf(b, sizeof(b), "\\x%02x", c);
      out += b;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "\"";
}

StatusOr<std::string> StringMember(const boost::json::object& entry, std::string_view key, size_t index) {
  const auto* v = entry.if_contains(key);
  if (!v || v->is_null()) return std::string();
  if (!v->is_string()) {
    return Status::BadRequest("managed fields entry " + std::to_string(index) + ": " + std::string(key) +
                              " must be a string");
  }
  return std::string(v->get_string());
}

}  // namespace

ManagerId ManagerId::Update(std::string manager, std::string api_version, std::string subresource) {
  return ManagerId{std::move(manager), false, std::move(api_version), std::move(subresource)};
}

ManagerId ManagerId::Apply(std::string manager, std::string subresource) {
  return ManagerId{std::move(manager), true, "", std::move(subresource)};
}

std::string ManagerId::Identifier() const {
  std::string out = "{";
  bool first = true;
  auto field = [&](std::string_view name, std::string_view value) {
    if (value.empty()) return;
    if (!first) out.push_back(',');
    first = false;
    AppendGoJsonString(out, name);
    out.push_back(':');
    AppendGoJsonString(out, value);
  };
  field("manager", manager);
  field("operation", apply ? "Apply" : "Update");
  if (!apply) field("apiVersion", api_version);
  field("subresource", subresource);
  return out + "}";
}

std::string ManagerId::Printed() const {
  std::string out = Quoted(manager);
  if (!subresource.empty()) out += " with subresource " + Quoted(subresource);
  if (!apply) out += " using " + api_version;
  return out;
}

std::string FormatTime(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  // %04d: strftime's %Y would write year 777 as "777", which no parser reads back.
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::optional<int64_t> ParseTime(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
  auto digits = [&s](size_t pos, size_t n, int* out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
  };
  std::tm tm{};
  int year, mon, day, hour, min, sec;
  if (!digits(0, 4, &year) || s.size() < 20 || s[4] != '-' || !digits(5, 2, &mon) || s[7] != '-' ||
      !digits(8, 2, &day) || (s[10] != 'T' && s[10] != 't') || !digits(11, 2, &hour) || s[13] != ':' ||
      !digits(14, 2, &min) || s[16] != ':' || !digits(17, 2, &sec)) {
    return std::nullopt;
  }
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) return std::nullopt;
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!digits(pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(pos + 4, 2, &om)) {
      return std::nullopt;
    }
    offset = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  return static_cast<int64_t>(timegm(&tm)) - offset;
}

bool ManagedSet::Materialize() {
  if (!undecoded) return true;
  auto decoded = DecodeFieldsV1(*undecoded);
  undecoded = nullptr;
  if (!decoded.ok()) return false;
  set = std::move(*decoded);
  return true;
}

StatusOr<Managers> DecodeManagers(const boost::json::value* entries,
                                  const std::function<bool(const boost::json::value& fields_v1)>& needed) {
  Managers out;
  if (!entries || entries->is_null()) return out;
  if (!entries->is_array()) return Status::BadRequest("managedFields must be a list");
  const auto& list = entries->get_array();
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object()) {
      return Status::BadRequest("managed fields entry " + std::to_string(i) + " must be an object");
    }
    const auto& e = list[i].get_object();
    auto manager = StringMember(e, "manager", i);
    auto operation = StringMember(e, "operation", i);
    auto api_version = StringMember(e, "apiVersion", i);
    auto fields_type = StringMember(e, "fieldsType", i);
    auto subresource = StringMember(e, "subresource", i);
    auto time = StringMember(e, "time", i);
    for (const auto* s : {&manager, &operation, &api_version, &fields_type, &subresource, &time}) {
      if (!s->ok()) return s->status();
    }
    if (*operation != "Apply" && *operation != "Update") {
      return Status::BadRequest("operation must be `Apply` or `Update`");
    }
    if (api_version->empty()) return Status::BadRequest("apiVersion must not be empty");
    if (fields_type->empty()) {
      return Status::BadRequest("missing fieldsType in managed fields entry " + std::to_string(i));
    }
    if (*fields_type != "FieldsV1") {
      return Status::BadRequest("invalid fieldsType \"" + *fields_type + "\" in managed fields entry " +
                                std::to_string(i));
    }
    ManagedSet ms;
    ms.api_version = *api_version;
    if (!time->empty()) {
      ms.time = ParseTime(*time);
      if (!ms.time) return Status::BadRequest("managed fields entry " + std::to_string(i) + ": bad time " + *time);
    }
    const auto* fields = e.if_contains("fieldsV1");
    if (fields && needed && fields->is_object() && !needed(*fields)) {
      ms.undecoded = fields;
    } else {
      auto set = DecodeFieldsV1(fields ? *fields : boost::json::value());
      if (!set.ok()) return Status::BadRequest("error decoding versioned set: " + set.status().message());
      ms.set = std::move(*set);
    }
    ManagerId id = *operation == "Apply" ? ManagerId::Apply(*manager, *subresource)
                                         : ManagerId::Update(*manager, *api_version, *subresource);
    out[std::move(id)] = std::move(ms);
  }
  return out;
}

std::optional<boost::json::array> EncodeManagers(const Managers& managers) {
  std::vector<std::pair<const ManagerId*, const ManagedSet*>> entries;
  for (const auto& [id, ms] : managers) {
    if (ms.undecoded || !ms.set.Empty()) entries.push_back({&id, &ms});
  }
  if (entries.empty()) return std::nullopt;
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    if (a.first->apply != b.first->apply) return a.first->apply;  // "Apply" < "Update"
    int64_t ta = a.second->time.value_or(0), tb = b.second->time.value_or(0);
    if (ta != tb) return ta < tb;
    if (a.first->manager != b.first->manager) return a.first->manager < b.first->manager;
    if (a.second->api_version != b.second->api_version) return a.second->api_version < b.second->api_version;
    return a.first->subresource < b.first->subresource;
  });
  boost::json::array out;
  out.reserve(entries.size());
  for (const auto& [id, ms] : entries) {
    boost::json::object e;
    e.reserve(7);
    if (!id->manager.empty()) e.emplace("manager", id->manager);
    e.emplace("operation", id->apply ? "Apply" : "Update");
    e.emplace("apiVersion", ms->api_version);
    if (ms->time) e.emplace("time", FormatTime(*ms->time));
    e.emplace("fieldsType", "FieldsV1");
    if (ms->undecoded) {
      e.emplace("fieldsV1", *ms->undecoded);
    } else {
      e.emplace("fieldsV1", EncodeFieldsV1(ms->set));
    }
    if (!id->subresource.empty()) e.emplace("subresource", id->subresource);
    out.push_back(std::move(e));
  }
  return out;
}

namespace {

std::string JsonTypeName(const boost::json::value& v) {
  if (v.is_string()) return "string";
  if (v.is_bool()) return "bool";
  if (v.is_array()) return "array";
  if (v.is_object()) return "object";
  return "number";
}

}  // namespace

std::optional<std::string> ManagedFieldsShapeError(const boost::json::object& obj) {
  const auto* meta = obj.if_contains("metadata");
  if (!meta || !meta->is_object()) return std::nullopt;
  const auto* entries = meta->get_object().if_contains("managedFields");
  if (!entries || entries->is_null()) return std::nullopt;
  const std::string prefix = "json: cannot unmarshal ";
  if (!entries->is_array()) {
    return prefix + JsonTypeName(*entries) +
           " into Go struct field ObjectMeta.metadata.managedFields of type []v1.ManagedFieldsEntry";
  }
  for (const auto& e : entries->get_array()) {
    if (e.is_null()) continue;
    if (!e.is_object()) {
      return prefix + JsonTypeName(e) + " into Go struct field ObjectMeta.metadata.managedFields of type v1.ManagedFieldsEntry";
    }
    for (const auto& kv : e.get_object()) {
      if (kv.value().is_null() || kv.key() == "fieldsV1") continue;
      if (kv.key() == "time") {
        if (!kv.value().is_string()) {
          return prefix + JsonTypeName(kv.value()) +
                 " into Go struct field ManagedFieldsEntry.metadata.managedFields.time of type string";
        }
        if (!ParseTime(kv.value().get_string())) {
          std::string text(kv.value().get_string());
          return "parsing time \"" + text + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"" + text +
                 "\" as \"2006\"";
        }
        continue;
      }
      const bool known = kv.key() == "manager" || kv.key() == "operation" || kv.key() == "apiVersion" ||
                         kv.key() == "fieldsType" || kv.key() == "subresource";
      if (known && !kv.value().is_string()) {
        return prefix + JsonTypeName(kv.value()) + " into Go struct field ManagedFieldsEntry.metadata.managedFields." +
               std::string(kv.key()) + " of type string";
      }
    }
  }
  return std::nullopt;
}

bool IsResetManagedFields(const boost::json::value* entries) {
  if (!entries || !entries->is_array()) return false;
  const auto& list = entries->get_array();
  if (list.empty()) return true;
  return list.size() == 1 && list[0].is_object() && list[0].get_object().empty();
}

}  // namespace kubepp::api::managedfields

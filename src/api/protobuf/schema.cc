// Parses the schema table (notation in schema.h) and resolves message names.
#include "api/protobuf/schema.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <utility>

#include "api/protobuf/schema_text.h"

namespace kubepp::api::protobuf {
namespace {

struct BuiltIn {
  const char* name;
  Special special;
};

// Messages with their own JSON form; the codec knows their wire fields.
constexpr BuiltIn kBuiltIns[] = {
    {"meta.Time", Special::kTime},
    {"meta.MicroTime", Special::kMicroTime},
    {"meta.Duration", Special::kDuration},
    {"meta.FieldsV1", Special::kFieldsV1},
    {"intstr.IntOrString", Special::kIntOrString},
    {"res.Quantity", Special::kQuantity},
    {"rt.RawExtension", Special::kRawExtension},
};

// meta/v1 kinds without metadata of their own kind, accepted under any
// apiVersion because upstream registers them in every group version.
constexpr const char* kAnyVersionKinds[] = {"DeleteOptions", "Status",       "CreateOptions",
                                            "UpdateOptions", "PatchOptions", "GetOptions",
                                            "ListOptions",   "WatchEvent"};

// Scalar type letters.
bool ScalarKind(std::string_view t, WireKind* kind) {
  if (t.size() != 1) return false;
  switch (t[0]) {
    case 's':
      *kind = WireKind::kString;
      return true;
    case 'y':
      *kind = WireKind::kBytes;
      return true;
    case 'i':
      *kind = WireKind::kInt32;
      return true;
    case 'l':
      *kind = WireKind::kInt64;
      return true;
    case 't':
      *kind = WireKind::kBool;
      return true;
    case 'd':
      *kind = WireKind::kDouble;
      return true;
    case 'f':
      *kind = WireKind::kFloat;
      return true;
    default:
      return false;
  }
}

// A field whose message types are still names.
struct Pending {
  Field* field;
  std::string type, key, value;
};

}  // namespace

const Field* Message::FindNumber(int number) const {
  auto it = std::lower_bound(by_number.begin(), by_number.end(), number,
                             [](const Field* f, int n) { return f->number < n; });
  return it != by_number.end() && (*it)->number == number ? *it : nullptr;
}

std::unique_ptr<Schema> Schema::Parse(const std::vector<const char*>& texts, std::string* error) {
  std::unique_ptr<Schema> schema(new Schema());
  for (const auto& b : kBuiltIns) {
    auto m = std::make_unique<Message>();
    m->name = b.name;
    m->special = b.special;
    schema->messages_.emplace(m->name, std::move(m));
  }
  std::vector<Pending> pending;
  auto fail = [&](const std::string& why, const std::string& line) {
    *error = why + " in schema line: " + line.substr(0, 80);
    return nullptr;
  };
  for (const char* text : texts) {
    std::istringstream lines(text);
    std::string line, pkg, api_version;
    while (std::getline(lines, line)) {
      std::istringstream toks(line);
      std::string tok;
      if (!(toks >> tok)) continue;
      if (tok[0] == '@') {
        pkg = tok.substr(1);
        if (!(toks >> api_version)) return fail("package without apiVersion", line);
        continue;
      }
      if (pkg.empty()) return fail("message before any package", line);
      bool is_kind = tok[0] == '!';
      auto msg = std::make_unique<Message>();
      msg->name = pkg + "." + (is_kind ? tok.substr(1) : tok);
      std::vector<std::string> field_toks;
      while (toks >> tok) {
        if (tok == "@list") {
          msg->special = Special::kListWrapper;
        } else {
          field_toks.push_back(tok);
        }
      }
      msg->fields.resize(field_toks.size());
      for (size_t i = 0; i < field_toks.size(); ++i) {
        const std::string& ft = field_toks[i];
        Field& f = msg->fields[i];
        size_t eq = ft.find('='), colon = ft.find(':');
        if (eq == std::string::npos || colon == std::string::npos || colon < eq)
          return fail("bad field " + ft, line);
        f.json = ft.substr(0, eq);
        f.number = std::atoi(ft.c_str() + eq + 1);
        if (f.number <= 0) return fail("bad field number " + ft, line);
        std::string rest = ft.substr(colon + 1);
        size_t flags = rest.find_first_of("+*?^");
        std::string type = rest.substr(0, flags);
        for (char c : flags == std::string::npos ? std::string() : rest.substr(flags)) {
          if (c == '+')
            f.repeated = true;
          else if (c == '*')
            f.pointer = true;
          else if (c == '?')
            f.omitempty = true;
          else if (c == '^')
            f.inline_ = true;
          else
            return fail("bad flag in " + ft, line);
        }
        auto qualify = [&](const std::string& t) {
          return t.find('.') == std::string::npos ? pkg + "." + t : t;
        };
        if (type.size() > 2 && type.front() == '{' && type.back() == '}') {
          size_t comma = type.find(',');
          if (comma == std::string::npos) return fail("bad map " + ft, line);
          f.type.kind = WireKind::kMap;
          std::string k = type.substr(1, comma - 1),
                      v = type.substr(comma + 1, type.size() - comma - 2);
          Pending p{&f, "", "", ""};
          if (!ScalarKind(k, &f.map_key.kind)) return fail("map key must be scalar " + ft, line);
          if (!ScalarKind(v, &f.map_value.kind)) {
            f.map_value.kind = WireKind::kMessage;
            p.value = qualify(v);
            pending.push_back(p);
          }
        } else if (!ScalarKind(type, &f.type.kind)) {
          if (type.empty()) return fail("missing type " + ft, line);
          f.type.kind = WireKind::kMessage;
          pending.push_back(Pending{&f, qualify(type), "", ""});
        }
      }
      for (const Field& f : msg->fields) msg->by_number.push_back(&f);
      std::sort(msg->by_number.begin(), msg->by_number.end(),
                [](const Field* a, const Field* b) { return a->number < b->number; });
      for (size_t i = 1; i < msg->by_number.size(); ++i) {
        if (msg->by_number[i]->number == msg->by_number[i - 1]->number)
          return fail("duplicate field number", line);
      }
      const Message* raw = msg.get();
      std::string kind_name = raw->name.substr(pkg.size() + 1);
      if (!schema->messages_.emplace(raw->name, std::move(msg)).second)
        return fail("duplicate message", line);
      if (is_kind) {
        schema->kinds_[api_version + "/" + kind_name] = raw;
        if (pkg == "meta") schema->meta_kinds_[kind_name] = raw;
      }
    }
  }
  for (const Pending& p : pending) {
    const std::string& name = p.value.empty() ? p.type : p.value;
    const Message* m = schema->FindMessage(name);
    if (m == nullptr) {
      *error = "unknown message " + name;
      return nullptr;
    }
    (p.value.empty() ? p.field->type : p.field->map_value).message = m;
  }
  for (const char* kind : kAnyVersionKinds) {
    if (const Message* m = schema->FindMessage(std::string("meta.") + kind))
      schema->meta_kinds_[kind] = m;
  }
  return schema;
}

const Schema& Schema::Get() {
  static const Schema* schema = [] {
    std::string error;
    auto s = Parse({kSchemaMeta, kSchemaCore, kSchemaApps, kSchemaOther}, &error);
    if (s == nullptr) {
      std::fprintf(stderr, "kubepp: broken protobuf schema table: %s\n", error.c_str());
      std::abort();
    }
    return s.release();
  }();
  return *schema;
}

const Message* Schema::FindKind(std::string_view api_version, std::string_view kind) const {
  std::string key;
  key.reserve(api_version.size() + kind.size() + 1);
  key.append(api_version).append("/").append(kind);
  if (auto it = kinds_.find(key); it != kinds_.end()) return it->second;
  if (auto it = meta_kinds_.find(kind); it != meta_kinds_.end()) return it->second;
  return nullptr;
}

const Message* Schema::FindMessage(std::string_view name) const {
  auto it = messages_.find(name);
  return it == messages_.end() ? nullptr : it->second.get();
}

}  // namespace kubepp::api::protobuf

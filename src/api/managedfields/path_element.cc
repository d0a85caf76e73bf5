#include "api/managedfields/path_element.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/managedfields/go_json.h"
#include "api/managedfields/value_order.h"
#include "base/go_quote.h"

namespace kubepp::api::managedfields {
namespace {

const PathElement::Kind kField = PathElement::Kind::kField;
const PathElement::Kind kKey = PathElement::Kind::kKey;
const PathElement::Kind kValue = PathElement::Kind::kValue;
const PathElement::Kind kIndex = PathElement::Kind::kIndex;

int CompareKeys(const std::vector<KeyField>& a, const std::vector<KeyField>& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (int c = a[i].name.compare(b[i].name); c != 0) return c < 0 ? -1 : 1;
    if (int c = CompareValues(a[i].value, b[i].value); c != 0) return c;
  }
  return a.size() < b.size() ? -1 : a.size() > b.size();
}

}  // namespace

PathElement PathElement::Field(std::string_view name) {
  PathElement pe;
  pe.kind_ = kField;
  pe.name_ = std::string(name);
  return pe;
}

PathElement PathElement::Key(std::vector<KeyField> fields) {
  std::stable_sort(fields.begin(), fields.end(), [](const KeyField& a, const KeyField& b) { return a.name < b.name; });
  PathElement pe;
  pe.kind_ = kKey;
  auto payload = std::make_shared<Payload>();
  payload->key = std::move(fields);
  pe.payload_ = std::move(payload);
  return pe;
}

PathElement PathElement::Value(boost::json::value v) {
  PathElement pe;
  pe.kind_ = kValue;
  auto payload = std::make_shared<Payload>();
  payload->value = std::move(v);
  pe.payload_ = std::move(payload);
  return pe;
}

PathElement PathElement::Index(int64_t i) {
  PathElement pe;
  pe.kind_ = kIndex;
  pe.index_ = i;
  return pe;
}

const std::vector<KeyField>& PathElement::key() const { return payload_->key; }
const boost::json::value& PathElement::value() const { return payload_->value; }

int PathElement::Compare(const PathElement& o) const {
  if (kind_ != o.kind_) return kind_ < o.kind_ ? -1 : 1;
  switch (kind_) {
    case Kind::kField: {
      int c = name_.compare(o.name_);
      return c < 0 ? -1 : c > 0;
    }
    case Kind::kKey:
      return payload_ == o.payload_ ? 0 : CompareKeys(payload_->key, o.payload_->key);
    case Kind::kValue:
      return payload_ == o.payload_ ? 0 : CompareValues(payload_->value, o.payload_->value);
    case Kind::kIndex:
      return index_ < o.index_ ? -1 : index_ > o.index_;
  }
  return 0;
}

std::string ValueString(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::string:
      return GoQuote(v.get_string());
    case boost::json::kind::array: {
      std::string out = "[";
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out += ",";
        first = false;
        out += ValueString(item);
      }
      return out + "]";
    }
    case boost::json::kind::object: {
      std::string out;
      for (const auto& kv : v.get_object()) out += std::string(kv.key()) + "=" + ValueString(kv.value());
      return out;
    }
    default:
      return GoJson(v);
  }
}

std::string PathElement::String() const {
  switch (kind_) {
    case Kind::kField:
      return "." + name_;
    case Kind::kKey: {
      std::string out = "[";
      bool first = true;
      for (const auto& f : payload_->key) {
        if (!first) out += ",";
        first = false;
        out += f.name + "=" + ValueString(f.value);
      }
      return out + "]";
    }
    case Kind::kValue:
      return "[=" + ValueString(payload_->value) + "]";
    case Kind::kIndex:
      return "[" + std::to_string(index_) + "]";
  }
  return "{{invalid path element}}";
}

void PathElement::AppendSerialized(std::string& out) const {
  switch (kind_) {
    case Kind::kField:
      out += "f:";
      out += name_;
      return;
    case Kind::kKey: {
      out += "k:{";
      bool first = true;
      for (const auto& f : payload_->key) {
        if (!first) out.push_back(',');
        first = false;
        AppendGoJsonString(out, f.name);
        out.push_back(':');
        AppendGoJson(out, f.value);
      }
      out.push_back('}');
      return;
    }
    case Kind::kValue:
      out += "v:";
      AppendGoJson(out, payload_->value);
      return;
    case Kind::kIndex:
      out += "i:";
      out += std::to_string(index_);
      return;
  }
}

std::string PathElement::Serialize() const {
  std::string out;
  AppendSerialized(out);
  return out;
}

StatusOr<std::optional<PathElement>> PathElement::Parse(std::string_view s) {
  if (s.size() < 2) return Status::BadRequest("key must be 2 characters long: " + std::string(s));
  if (s[1] != ':') return Status::BadRequest("missing colon: " + std::string(s));
  std::string_view rest = s.substr(2);
  switch (s[0]) {
    case 'f':
      return std::optional<PathElement>(Field(rest));
    case 'v': {
      auto v = ReadGoJson(rest);
      if (!v) return Status::BadRequest("parsing value of " + std::string(s));
      return std::optional<PathElement>(Value(std::move(*v)));
    }
    case 'k': {
      auto v = ReadGoJson(rest);
      if (!v || !v->is_object()) return Status::BadRequest("parsing key of " + std::string(s));
      std::vector<KeyField> fields;
      fields.reserve(v->get_object().size());
      for (auto& kv : v->get_object()) fields.push_back({std::string(kv.key()), std::move(kv.value())});
      return std::optional<PathElement>(Key(std::move(fields)));
    }
    case 'i': {
      int64_t i = 0;
      auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), i);
      if (ec != std::errc() || end != rest.data() + rest.size() || rest.empty()) {
        return Status::BadRequest("parsing index of " + std::string(s));
      }
      return std::optional<PathElement>(Index(i));
    }
    default:
      return std::optional<PathElement>();
  }
}

std::string PathString(const Path& path) {
  std::string out;
  for (const auto& pe : path) out += pe.String();
  return out;
}

}  // namespace kubepp::api::managedfields

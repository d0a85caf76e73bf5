#include "api/managedfields/validate.h"

#include <algorithm>
#include <charconv>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/managedfields/list_items.h"
#include "api/patch/go_format.h"
#include "base/go_quote.h"

namespace kubepp::api::managedfields {
namespace {

std::string GoFloat(double d) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), d);
  return std::string(buf, res.ptr);
}

// Go's %v of a decoded JSON value.
std::string GoV(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "<nil>";
    case boost::json::kind::bool_:
      return v.get_bool() ? "true" : "false";
    case boost::json::kind::int64:
      return std::to_string(v.get_int64());
    case boost::json::kind::uint64:
      return std::to_string(v.get_uint64());
    case boost::json::kind::double_:
      return GoFloat(v.get_double());
    case boost::json::kind::string:
      return std::string(v.get_string());
    case boost::json::kind::array: {
      std::string out = "[";
      for (size_t i = 0; i < v.get_array().size(); ++i) {
        if (i) out += " ";
        out += GoV(v.get_array()[i]);
      }
      return out + "]";
    }
    case boost::json::kind::object: {
      std::vector<std::string> parts;
      for (const auto& kv : v.get_object()) parts.push_back(std::string(kv.key()) + ":" + GoV(kv.value()));
      std::sort(parts.begin(), parts.end());
      std::string out = "map[";
      for (size_t i = 0; i < parts.size(); ++i) out += (i ? " " : "") + parts[i];
      return out + "]";
    }
  }
  return "";
}

// Go's %#v of a decoded JSON value.
std::string GoSharpV(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "interface {}(nil)";
    case boost::json::kind::string:
      return GoQuote(v.get_string());
    case boost::json::kind::array: {
      std::string out = "[]interface {}{";
      for (size_t i = 0; i < v.get_array().size(); ++i) out += (i ? ", " : "") + GoSharpV(v.get_array()[i]);
      return out + "}";
    }
    case boost::json::kind::object: {
      std::vector<std::string> parts;
      for (const auto& kv : v.get_object()) parts.push_back(GoQuote(kv.key()) + ":" + GoSharpV(kv.value()));
      std::sort(parts.begin(), parts.end());
      std::string out = "map[string]interface {}{";
      for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
      return out + "}";
    }
    default:
      return GoV(v);
  }
}

class Validator {
 public:
  explicit Validator(bool allow_duplicates) : allow_duplicates_(allow_duplicates) {}

  void Check(const boost::json::value& v, const Atom* atom, std::string path) {
    atom = ResolveAtom(atom, v);
    if (v.is_null()) return;
    switch (atom->kind) {
      case Atom::Kind::kScalar:
        return CheckScalar(v, atom, path);
      case Atom::Kind::kList:
        return CheckList(v, atom, path);
      case Atom::Kind::kStruct:
      case Atom::Kind::kMap:
        return CheckObject(v, atom, path);
      case Atom::Kind::kUntyped:
        return;
    }
  }

  std::vector<TypeError> errors;

 private:
  void Add(const std::string& path, std::string message) { errors.push_back({path, std::move(message)}); }

  void CheckScalar(const boost::json::value& v, const Atom* atom, const std::string& path) {
    const bool number = v.is_int64() || v.is_uint64() || v.is_double();
    switch (atom->scalar) {
      case Atom::Scalar::kNumeric:
        if (!number) Add(path, "expected numeric (int or float), got " + patch_internal::GoTypeName(v));
        return;
      case Atom::Scalar::kString:
        if (!v.is_string()) Add(path, "expected string, got &value.valueUnstructured{Value:" + GoSharpV(v) + "}");
        return;
      case Atom::Scalar::kBoolean:
        if (!v.is_bool()) Add(path, "expected boolean, got &{" + GoV(v) + "}");
        return;
      case Atom::Scalar::kAny:
        if (v.is_object() || v.is_array()) Add(path, "expected any scalar, got &{" + GoV(v) + "}");
        return;
    }
  }

  void CheckList(const boost::json::value& v, const Atom* atom, const std::string& path) {
    if (!v.is_array()) return Add(path, "expected list, got &{" + GoV(v) + "}");
    const auto& items = v.get_array();
    const bool associative = atom->list_type != Atom::ListType::kAtomic;
    std::vector<PathElement> seen;
    for (size_t i = 0; i < items.size(); ++i) {
      PathElement pe = PathElement::Index(static_cast<int64_t>(i));
      if (associative) {
        auto named = ListItemElement(atom, items[i]);
        if (!named.ok()) return Add(path, "element " + std::to_string(i) + ": " + named.status().message());
        pe = std::move(*named);
        auto it = std::lower_bound(seen.begin(), seen.end(), pe);
        if (it != seen.end() && *it == pe) {
          if (!allow_duplicates_) Add(path, "duplicate entries for key " + pe.String());
        } else {
          seen.insert(it, pe);
        }
      }
      Check(items[i], atom->element, path + pe.String());
    }
  }

  void CheckObject(const boost::json::value& v, const Atom* atom, const std::string& path) {
    if (!v.is_object()) return Add(path, "expected map, got &{" + GoV(v) + "}");
    for (const auto& kv : v.get_object()) {
      const Atom* type = atom->element;
      if (atom->kind == Atom::Kind::kStruct) {
        const AtomField* f = atom->FindField(kv.key());
        if (!f) {
          Add(path + "." + std::string(kv.key()), "field not declared in schema");
          return;
        }
        type = f->type;
      }
      Check(kv.value(), type, path + "." + std::string(kv.key()));
    }
  }

  bool allow_duplicates_;
};

}  // namespace

std::vector<TypeError> ValidateTyped(const boost::json::value& v, const Atom* atom, bool allow_duplicates) {
  Validator validator(allow_duplicates);
  validator.Check(v, atom, "");
  return std::move(validator.errors);
}

std::string TypeErrorsString(const std::vector<TypeError>& errors) {
  auto one = [](const TypeError& e) { return e.path.empty() ? e.message : e.path + ": " + e.message; };
  if (errors.size() == 1) return one(errors[0]);
  std::string out = "errors:";
  for (const auto& e : errors) out += "\n  " + one(e);
  return out;
}

}  // namespace kubepp::api::managedfields

#include "api/validation/object_meta.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "api/names/names.h"
#include "api/validation/json_access.h"

namespace kubepp::api::validation {
namespace {

constexpr int64_t kTotalAnnotationSizeLimit = 256 * 1024;

// generateName may end in '-': check it as if a character followed.
std::string MaskTrailingDash(std::string_view name) {
  std::string s(name);
  if (s.size() > 1 && s.back() == '-') s.back() = 'a';
  return s;
}

bool IsStandardFinalizer(std::string_view f) {
  return f == "kubernetes" || f == "orphan" || f == "foregroundDeletion";
}

// Core's extra rule: a finalizer without a '/' must be one of the standard ones.
ErrorList ValidateKubeFinalizerName(const std::string& f, const FieldPath& path) {
  ErrorList errs;
  for (auto& m : IsQualifiedName(f)) errs.push_back(Invalid(path, f, m));
  if (f.find('/') == std::string::npos && !IsStandardFinalizer(f)) {
    errs.push_back(
        Invalid(path, f, "name is neither a standard finalizer name nor is it fully qualified"));
  }
  return errs;
}

ErrorList ValidateFinalizers(const std::vector<std::string>& finalizers, const FieldPath& path) {
  ErrorList errs;
  bool orphan = false, foreground = false;
  for (const auto& f : finalizers) {
    for (auto& m : IsQualifiedName(f)) errs.push_back(Invalid(path, f, m));
    orphan |= f == "orphan";
    foreground |= f == "foregroundDeletion";
  }
  if (orphan && foreground) {
    errs.push_back(InvalidRaw(path, GoStringSlice(finalizers),
                              "finalizer orphan and foregroundDeletion cannot be both set"));
  }
  return errs;
}

// schema.FromAPIVersionAndKind: the group/version of an apiVersion string.
void SplitApiVersion(const std::string& api_version, std::string* group, std::string* version) {
  group->clear();
  version->clear();
  if (api_version.empty()) return;
  if (api_version == "v1") {
    *version = "v1";
    return;
  }
  size_t slash = api_version.find('/');
  if (slash == std::string::npos) {
    *version = api_version;
  } else if (api_version.find('/', slash + 1) == std::string::npos) {
    *group = api_version.substr(0, slash);
    *version = api_version.substr(slash + 1);
  }
}

ErrorList ValidateOwnerReferences(const boost::json::array* refs, const FieldPath& path) {
  ErrorList errs;
  if (refs == nullptr) return errs;
  std::string first_controller;
  for (size_t i = 0; i < refs->size(); ++i) {
    const boost::json::object* ref = ObjAt(*refs, i);
    std::string api_version = Str(ref, "apiVersion"), kind = Str(ref, "kind");
    std::string group, version;
    SplitApiVersion(api_version, &group, &version);
    if (version.empty()) {
      errs.push_back(Invalid(path.Child("apiVersion"), api_version, "version must not be empty"));
    }
    if (kind.empty()) errs.push_back(Invalid(path.Child("kind"), kind, "must not be empty"));
    std::string name = Str(ref, "name");
    if (name.empty()) errs.push_back(Invalid(path.Child("name"), name, "must not be empty"));
    std::string uid = Str(ref, "uid");
    if (uid.empty()) errs.push_back(Invalid(path.Child("uid"), uid, "must not be empty"));
    if (group.empty() && version == "v1" && kind == "Event") {
      errs.push_back(
          InvalidRaw(path, GoValue(*ref), "/v1, Kind=Event is disallowed from being an owner"));
    }
    if (Bool(ref, "controller").value_or(false)) {
      std::string current = kind + "/" + name;
      if (!first_controller.empty()) {
        errs.push_back(
            InvalidRaw(path, GoValue(boost::json::value(*refs)),
                       "Only one reference can have Controller set to true. Found \"true\" in "
                       "references for " +
                           first_controller + " and " + current));
      } else {
        first_controller = current;
      }
    }
  }
  return errs;
}

// metav1.Time prints as Go's time.Time String(): "2024-01-02 03:04:05 +0000 UTC".
std::string GoTimeText(const std::string& rfc3339) {
  if (rfc3339.size() >= 20 && rfc3339.back() == 'Z' && rfc3339[10] == 'T') {
    return rfc3339.substr(0, 10) + " " + rfc3339.substr(11, rfc3339.size() - 12) + " +0000 UTC";
  }
  return rfc3339;
}

}  // namespace

std::vector<std::string> CheckName(NameRule rule, std::string_view name, bool prefix) {
  std::string n = prefix ? MaskTrailingDash(name) : std::string(name);
  switch (rule) {
    case NameRule::kDNSSubdomain:
      return IsDNS1123Subdomain(n);
    case NameRule::kDNSLabel:
      return IsDNS1123Label(n);
    case NameRule::kDNS1035Label:
      return IsDNS1035Label(n);
    case NameRule::kPathSegment: {
      std::vector<std::string> errs;
      if (!prefix) {
        if (name == ".") return {"may not be '.'"};
        if (name == "..") return {"may not be '..'"};
      }
      if (name.find('/') != std::string_view::npos) errs.push_back("may not contain '/'");
      if (name.find('%') != std::string_view::npos) errs.push_back("may not contain '%'");
      return errs;
    }
  }
  return {};
}

ErrorList ValidateQualifiedName(std::string_view value, const FieldPath& path) {
  ErrorList errs;
  for (auto& m : IsQualifiedName(value)) errs.push_back(Invalid(path, value, m));
  return errs;
}

ErrorList ValidateDNS1123Label(std::string_view value, const FieldPath& path) {
  ErrorList errs;
  for (auto& m : IsDNS1123Label(value)) errs.push_back(Invalid(path, value, m));
  return errs;
}

ErrorList ValidateDNS1123Subdomain(std::string_view value, const FieldPath& path) {
  ErrorList errs;
  for (auto& m : IsDNS1123Subdomain(value)) errs.push_back(Invalid(path, value, m));
  return errs;
}

ErrorList ValidateNonnegative(int64_t value, const FieldPath& path) {
  if (value < 0) return {InvalidInt(path, value, std::string(kIsNegative))};
  return {};
}

ErrorList ValidateImmutableString(const std::string& now, const std::string& old,
                                  const FieldPath& path) {
  if (now != old) return {Invalid(path, now, std::string(kFieldImmutable))};
  return {};
}

ErrorList ValidateLabels(const boost::json::object* labels, const FieldPath& path) {
  ErrorList errs;
  if (labels == nullptr) return errs;
  for (const auto& kv : *labels) {
    std::string key(kv.key());
    for (auto& m : IsQualifiedName(key)) errs.push_back(Invalid(path, key, m));
    std::string value =
        kv.value().is_string() ? std::string(kv.value().get_string()) : std::string();
    for (auto& m : IsValidLabelValue(value)) errs.push_back(Invalid(path, value, m));
  }
  return errs;
}

ErrorList ValidateAnnotations(const boost::json::object* annotations, const FieldPath& path) {
  ErrorList errs;
  if (annotations == nullptr) return errs;
  int64_t total = 0;
  for (const auto& kv : *annotations) {
    std::string key(kv.key());
    std::string lower = key;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (auto& m : IsQualifiedName(lower)) errs.push_back(Invalid(path, key, m));
    total += static_cast<int64_t>(key.size());
    if (kv.value().is_string()) total += static_cast<int64_t>(kv.value().get_string().size());
  }
  if (total > kTotalAnnotationSizeLimit) errs.push_back(TooLong(path, kTotalAnnotationSizeLimit));
  return errs;
}

ErrorList ValidateObjectMeta(const boost::json::object* meta, bool namespaced, NameRule rule,
                             const FieldPath& path) {
  ErrorList errs;
  std::string generate_name = Str(meta, "generateName");
  if (!generate_name.empty()) {
    for (auto& m : CheckName(rule, generate_name, true)) {
      errs.push_back(Invalid(path.Child("generateName"), generate_name, m));
    }
  }
  std::string name = Str(meta, "name");
  if (name.empty()) {
    errs.push_back(Required(path.Child("name"), "name or generateName is required"));
  } else {
    for (auto& m : CheckName(rule, name, false))
      errs.push_back(Invalid(path.Child("name"), name, m));
  }
  std::string ns = Str(meta, "namespace");
  if (namespaced) {
    if (ns.empty()) {
      errs.push_back(Required(path.Child("namespace")));
    } else {
      for (auto& m : IsDNS1123Label(ns)) errs.push_back(Invalid(path.Child("namespace"), ns, m));
    }
  } else if (!ns.empty()) {
    errs.push_back(Forbidden(path.Child("namespace"), "not allowed on this type"));
  }
  Append(errs, ValidateNonnegative(IntOr(meta, "generation", 0), path.Child("generation")));
  Append(errs, ValidateLabels(Obj(meta, "labels"), path.Child("labels")));
  Append(errs, ValidateAnnotations(Obj(meta, "annotations"), path.Child("annotations")));
  Append(errs, ValidateManagedFields(Arr(meta, "managedFields"), path.Child("managedFields")));
  Append(errs,
         ValidateOwnerReferences(Arr(meta, "ownerReferences"), path.Child("ownerReferences")));
  std::vector<std::string> finalizers = Strings(meta, "finalizers");
  Append(errs, ValidateFinalizers(finalizers, path.Child("finalizers")));
  for (size_t i = 0; i < finalizers.size(); ++i) {
    Append(errs, ValidateKubeFinalizerName(finalizers[i], path.Child("finalizers").Index(i)));
  }
  return errs;
}

namespace {

constexpr size_t kFieldManagerMaxLength = 128;
constexpr size_t kSubresourceMaxLength = 256;

// Decodes the UTF-8 sequence at s[i] (U+FFFD for a bad byte); advances i.
char32_t NextRune(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) {
    ++i;
    return 0xfffd;
  }
  char32_t r = n == 1 ? c : c & (0x7f >> n);
  for (size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xc0) != 0x80) {
      ++i;
      return 0xfffd;
    }
    r = (r << 6) | (cc & 0x3f);
  }
  i += n;
  return r;
}

// Go's unicode.IsPrint for the characters names meet in practice: control
// and format characters, separators other than the ASCII space, and private
// use are not printable.
bool IsPrintable(char32_t r) {
  if (r < 0x20 || (r >= 0x7f && r <= 0xa0) || r == 0xad) return false;
  if ((r >= 0x2000 && r <= 0x200f) || (r >= 0x2028 && r <= 0x202f) || (r >= 0x205f && r <= 0x206f)) return false;
  if (r == 0x3000 || r == 0xfeff || (r >= 0xfff9 && r <= 0xfffb)) return false;
  if ((r >= 0xe000 && r <= 0xf8ff) || (r >= 0xd800 && r <= 0xdfff) || r > 0x10ffff) return false;
  return true;
}

std::string RuneName(char32_t r) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "U+%04X", static_cast<unsigned>(r));
  return buf;
}

}  // namespace

ErrorList ValidateFieldManager(std::string_view manager, const FieldPath& path) {
  ErrorList errs;
  if (manager.size() > kFieldManagerMaxLength) errs.push_back(TooLong(path, kFieldManagerMaxLength));
  for (size_t i = 0; i < manager.size();) {
    size_t at = i;
    char32_t r = NextRune(manager, i);
    if (!IsPrintable(r)) {
      errs.push_back(Invalid(path, manager,
                             "invalid character " + RuneName(r) + " (at position " + std::to_string(at) + ")"));
    }
  }
  return errs;
}

ErrorList ValidateManagedFields(const boost::json::array* entries, const FieldPath& path) {
  ErrorList errs;
  if (!entries) return errs;
  for (size_t i = 0; i < entries->size(); ++i) {
    if (!(*entries)[i].is_object()) continue;
    const boost::json::object* e = &(*entries)[i].get_object();
    FieldPath at = path.Index(i);
    std::string operation = Str(e, "operation");
    if (operation != "Apply" && operation != "Update") {
      errs.push_back(Invalid(at.Child("operation"), operation, "must be `Apply` or `Update`"));
    }
    std::string fields_type = Str(e, "fieldsType");
    if (!fields_type.empty() && fields_type != "FieldsV1") {
      errs.push_back(Invalid(at.Child("fieldsType"), fields_type, "must be `FieldsV1`"));
    }
    Append(errs, ValidateFieldManager(Str(e, "manager"), at.Child("manager")));
    if (Str(e, "subresource").size() > kSubresourceMaxLength) {
      errs.push_back(TooLong(at.Child("subresource"), kSubresourceMaxLength));
    }
  }
  return errs;
}

ErrorList ValidateObjectMetaUpdate(const boost::json::object* meta,
                                   const boost::json::object* old_meta, const FieldPath& path) {
  ErrorList errs;
  std::vector<std::string> finalizers = Strings(meta, "finalizers");
  if (Has(old_meta, "deletionTimestamp")) {
    std::vector<std::string> old_finalizers = Strings(old_meta, "finalizers");
    std::set<std::string> extra(finalizers.begin(), finalizers.end());
    for (const auto& f : old_finalizers) extra.erase(f);
    if (!extra.empty()) {
      errs.push_back(
          Forbidden(path.Child("finalizers"),
                    "no new finalizers can be added if the object is being deleted, found new "
                    "finalizers " +
                        GoStringSlice({extra.begin(), extra.end()})));
    }
  }
  std::string rv = Str(meta, "resourceVersion");
  if (rv.empty())
    errs.push_back(Invalid(path.Child("resourceVersion"), rv, "must be specified for an update"));
  int64_t generation = IntOr(meta, "generation", 0);
  if (generation < IntOr(old_meta, "generation", 0)) {
    errs.push_back(InvalidInt(path.Child("generation"), generation, "must not be decremented"));
  }
  Append(errs,
         ValidateImmutableString(Str(meta, "name"), Str(old_meta, "name"), path.Child("name")));
  Append(errs, ValidateImmutableString(Str(meta, "namespace"), Str(old_meta, "namespace"),
                                       path.Child("namespace")));
  Append(errs, ValidateImmutableString(Str(meta, "uid"), Str(old_meta, "uid"), path.Child("uid")));
  std::string created = Str(meta, "creationTimestamp");
  if (created != Str(old_meta, "creationTimestamp")) {
    errs.push_back(InvalidRaw(path.Child("creationTimestamp"), GoTimeText(created),
                              std::string(kFieldImmutable)));
  }
  std::string deleted = Str(meta, "deletionTimestamp");
  if (deleted != Str(old_meta, "deletionTimestamp")) {
    errs.push_back(InvalidRaw(path.Child("deletionTimestamp"),
                              deleted.empty() ? "null" : GoTimeText(deleted),
                              std::string(kFieldImmutable)));
  }
  auto grace = Int(meta, "deletionGracePeriodSeconds");
  if (grace != Int(old_meta, "deletionGracePeriodSeconds")) {
    errs.push_back(InvalidRaw(path.Child("deletionGracePeriodSeconds"),
                              grace ? std::to_string(*grace) : "null",
                              std::string(kFieldImmutable)));
  }
  Append(errs, ValidateLabels(Obj(meta, "labels"), path.Child("labels")));
  Append(errs, ValidateAnnotations(Obj(meta, "annotations"), path.Child("annotations")));
  Append(errs, ValidateManagedFields(Arr(meta, "managedFields"), path.Child("managedFields")));
  Append(errs,
         ValidateOwnerReferences(Arr(meta, "ownerReferences"), path.Child("ownerReferences")));
  for (size_t i = 0; i < finalizers.size(); ++i) {
    Append(errs, ValidateKubeFinalizerName(finalizers[i], path.Child("finalizers").Index(i)));
  }
  return errs;
}

}  // namespace kubepp::api::validation

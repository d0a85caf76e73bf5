// Pod volumes and volume mounts (core ValidateVolumes / ValidateVolumeMounts).
#include <algorithm>
#include <cctype>
#include <climits>
#include <map>
#include <set>

#include "api/names/names.h"
#include "api/quantity/quantity.h"
#include "api/validation/label_selector.h"
#include "api/validation/object_meta.h"
#include "api/validation/pod_parts.h"
#include "api/validation/pod_spec.h"

namespace kubepp::api::validation {
namespace {

using boost::json::array;
using boost::json::object;

constexpr const char* kFileModeError =
    "must be a number between 0 and 0777 (octal), both inclusive";

ErrorList ValidatePathNoBacksteps(const std::string& p, const FieldPath& path) {
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find('/', start);
    if (end == std::string::npos) end = p.size();
    if (p.compare(start, end - start, "..") == 0 && end - start == 2) {
      return {Invalid(path, p, "must not contain '..'")};
    }
    start = end + 1;
  }
  return {};
}

ErrorList ValidateLocalDescendingPath(const std::string& p, const FieldPath& path) {
  ErrorList errs;
  if (!p.empty() && p[0] == '/') errs.push_back(Invalid(path, p, "must be a relative path"));
  Append(errs, ValidatePathNoBacksteps(p, path));
  return errs;
}

ErrorList ValidateLocalNonReservedPath(const std::string& p, const FieldPath& path) {
  ErrorList errs = ValidateLocalDescendingPath(p, path);
  if (p.starts_with("..") && !p.starts_with("../"))
    errs.push_back(Invalid(path, p, "must not start with '..'"));
  return errs;
}

ErrorList ValidateMode(const object* o, std::string_view key, const FieldPath& path) {
  if (auto m = Int(o, key); m && (*m > 0777 || *m < 0))
    return {InvalidInt(path, *m, kFileModeError)};
  return {};
}

ErrorList ValidateKeyToPaths(const object* source, const FieldPath& path) {
  ErrorList errs;
  const array* items = Arr(source, "items");
  for (size_t i = 0; i < Size(items); ++i) {
    const object* kp = ObjAt(*items, i);
    FieldPath ip = path.Index(i);
    if (Str(kp, "key").empty()) errs.push_back(Required(ip.Child("key")));
    std::string p = Str(kp, "path");
    if (p.empty()) errs.push_back(Required(ip.Child("path")));
    Append(errs, ValidateLocalNonReservedPath(p, ip.Child("path")));
    Append(errs, ValidateMode(kp, "mode", ip.Child("mode")));
  }
  return errs;
}

ErrorList ValidateSourceDetails(std::string_view type, const object* s, const FieldPath& path) {
  ErrorList errs;
  if (type == "hostPath") {
    std::string p = Str(s, "path");
    if (p.empty()) return {Required(path.Child("path"))};
    Append(errs, ValidatePathNoBacksteps(p, path.Child("path")));
    static const std::vector<std::string> kTypes = {
        "",     "BlockDevice",  "CharDevice", "Directory", "DirectoryOrCreate",
        "File", "FileOrCreate", "Socket"};
    std::string t = Str(s, "type");
    if (std::find(kTypes.begin(), kTypes.end(), t) == kTypes.end()) {
      errs.push_back(NotSupported(path.Child("type"), t, kTypes));
    }
  } else if (type == "secret") {
    if (Str(s, "secretName").empty()) errs.push_back(Required(path.Child("secretName")));
    Append(errs, ValidateMode(s, "defaultMode", path.Child("defaultMode")));
    Append(errs, ValidateKeyToPaths(s, path.Child("items")));
  } else if (type == "configMap") {
    if (Str(s, "name").empty()) errs.push_back(Required(path.Child("name")));
    Append(errs, ValidateMode(s, "defaultMode", path.Child("defaultMode")));
    Append(errs, ValidateKeyToPaths(s, path.Child("items")));
  } else if (type == "persistentVolumeClaim") {
    if (Str(s, "claimName").empty()) errs.push_back(Required(path.Child("claimName")));
  } else if (type == "nfs") {
    if (Str(s, "server").empty()) errs.push_back(Required(path.Child("server")));
    std::string p = Str(s, "path");
    if (p.empty()) {
      errs.push_back(Required(path.Child("path")));
    } else if (p[0] != '/') {
      errs.push_back(Invalid(path.Child("path"), p, "must be an absolute path"));
    }
  } else if (type == "emptyDir") {
    const boost::json::value* limit = Field(s, "sizeLimit");
    if (limit && limit->is_string()) {
      auto q = Quantity::Parse(std::string(limit->get_string()));
      if (q.ok() && q->Compare(Quantity()) < 0) {
        errs.push_back(Forbidden(path.Child("sizeLimit"),
                                 "SizeLimit field must be a valid resource quantity"));
      }
    }
  }
  return errs;
}

// The volume source fields, in upstream's order of checking.
const std::vector<std::string>& VolumeSourceKinds() {
  static const std::vector<std::string> kKinds = {"emptyDir",
                                                  "hostPath",
                                                  "gitRepo",
                                                  "gcePersistentDisk",
                                                  "awsElasticBlockStore",
                                                  "secret",
                                                  "nfs",
                                                  "iscsi",
                                                  "glusterfs",
                                                  "flocker",
                                                  "persistentVolumeClaim",
                                                  "rbd",
                                                  "cinder",
                                                  "cephfs",
                                                  "downwardAPI",
                                                  "fc",
                                                  "azureFile",
                                                  "vsphereVolume",
                                                  "quobyte",
                                                  "azureDisk",
                                                  "projected",
                                                  "portworxVolume",
                                                  "scaleIO",
                                                  "configMap",
                                                  "storageos",
                                                  "csi",
                                                  "ephemeral",
                                                  "image"};
  return kKinds;
}

ErrorList ValidateVolumeSource(const object* vol, const FieldPath& path) {
  ErrorList errs;
  int count = 0;
  for (const auto& kind : VolumeSourceKinds()) {
    const object* s = Obj(vol, kind);
    if (s == nullptr) continue;
    if (count > 0) {
      errs.push_back(Forbidden(path.Child(kind), "may not specify more than 1 volume type"));
      continue;
    }
    ++count;
    Append(errs, ValidateSourceDetails(kind, s, path.Child(kind)));
  }
  if (count == 0) errs.push_back(Required(path, "must specify a volume type"));
  return errs;
}

}  // namespace

ErrorList ValidateVolumes(const array* volumes, const FieldPath& path,
                          std::set<std::string>* names) {
  ErrorList errs;
  for (size_t i = 0; i < Size(volumes); ++i) {
    const object* vol = ObjAt(*volumes, i);
    FieldPath ip = path.Index(i);
    std::string name = Str(vol, "name");
    ErrorList el = ValidateVolumeSource(vol, ip);
    if (name.empty()) {
      el.push_back(Required(ip.Child("name")));
    } else {
      Append(el, ValidateDNS1123Label(name, ip.Child("name")));
    }
    if (names->count(name)) el.push_back(Duplicate(ip.Child("name"), name));
    if (el.empty()) {
      names->insert(name);
    } else {
      Append(errs, std::move(el));
    }
  }
  return errs;
}

ErrorList ValidateVolumeMounts(const array* mounts, const std::set<std::string>& volumes,
                               const FieldPath& path) {
  ErrorList errs;
  std::set<std::string> mount_points;
  for (size_t i = 0; i < Size(mounts); ++i) {
    const object* m = ObjAt(*mounts, i);
    FieldPath ip = path.Index(i);
    std::string name = Str(m, "name");
    if (name.empty()) errs.push_back(Required(ip.Child("name")));
    if (!volumes.count(name)) errs.push_back(NotFound(ip.Child("name"), name));
    std::string mount_path = Str(m, "mountPath");
    if (mount_path.empty()) errs.push_back(Required(ip.Child("mountPath")));
    if (mount_points.count(mount_path))
      errs.push_back(Invalid(ip.Child("mountPath"), mount_path, "must be unique"));
    mount_points.insert(mount_path);
    std::string sub_path = Str(m, "subPath");
    if (!sub_path.empty())
      Append(errs, ValidateLocalDescendingPath(sub_path, path.Child("subPath")));
    std::string sub_path_expr = Str(m, "subPathExpr");
    if (!sub_path_expr.empty()) {
      if (!sub_path.empty()) {
        errs.push_back(Invalid(ip.Child("subPathExpr"), sub_path_expr,
                               "subPathExpr and subPath are mutually exclusive"));
      }
      Append(errs, ValidateLocalDescendingPath(sub_path_expr, path.Child("subPathExpr")));
    }
    if (Has(m, "mountPropagation")) {
      static const std::vector<std::string> kModes = {"Bidirectional", "HostToContainer", "None"};
      std::string mode = Str(m, "mountPropagation");
      if (std::find(kModes.begin(), kModes.end(), mode) == kModes.end()) {
        errs.push_back(NotSupported(path.Child("mountPropagation"), mode, kModes));
      }
    }
  }
  return errs;
}

}  // namespace kubepp::api::validation

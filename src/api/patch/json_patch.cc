#include "api/patch/json_patch.h"

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/patch/go_format.h"
#include "api/patch/object_edit.h"
#include "api/patch/patch.h"
#include "base/go_quote.h"
#include "base/log.h"

namespace kubepp::api {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;
using patch_internal::GoEqual;
using patch_internal::JsonTypeWord;

// An operation that failed; its text is the library's error string.
struct OpError {
  std::string message;
};

// strconv.Atoi: optional sign then decimal digits; errors read like Go's.
std::optional<std::string> Atoi(std::string_view s, long long& out) {
  std::string_view digits = s;
  bool neg = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    neg = digits[0] == '-';
    digits.remove_prefix(1);
  }
  bool ok = !digits.empty();
  for (char c : digits) ok = ok && c >= '0' && c <= '9';
  if (!ok) return "strconv.Atoi: parsing " + GoQuote(s) + ": invalid syntax";
  unsigned long long mag = 0;
  auto res = std::from_chars(digits.data(), digits.data() + digits.size(), mag);
  const unsigned long long limit = neg ? 9223372036854775808ULL : 9223372036854775807ULL;
  if (res.ec != std::errc() || mag > limit) {
    return "strconv.Atoi: parsing " + GoQuote(s) + ": value out of range";
  }
  out = neg ? static_cast<long long>(0 - mag) : static_cast<long long>(mag);
  return std::nullopt;
}

std::string InvalidIndex(long long idx) {
  return "Unable to access invalid index: " + std::to_string(idx) + ": invalid index referenced";
}

// RFC 6901 unescaping in one left-to-right pass: "~1" -> "/", "~0" -> "~".
std::string DecodeKey(std::string_view part) {
  std::string out;
  for (size_t i = 0; i < part.size(); ++i) {
    if (part[i] == '~' && i + 1 < part.size() && (part[i + 1] == '0' || part[i + 1] == '1')) {
      out.push_back(part[i + 1] == '1' ? '/' : '~');
      ++i;
    } else {
      out.push_back(part[i]);
    }
  }
  return out;
}

std::optional<std::string> ContainerGet(value& con, const std::string& key, value*& out);

// The container that holds the last segment of `path`, and that segment.
struct Location {
  value* container = nullptr;  // an object or an array
  std::string key;
};

// Walks every segment but the last. Like upstream, a path without any "/"
// (including "") addresses nothing, and what precedes the first "/" is ignored.
Location FindObject(value& doc, std::string_view path) {
  std::vector<std::string_view> split;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      split.push_back(path.substr(start));
      break;
    }
    split.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  if (split.size() < 2) return {};
  value* cur = &doc;
  for (size_t i = 1; i + 1 < split.size(); ++i) {
    std::string part = DecodeKey(split[i]);
    value* next = nullptr;
    if (ContainerGet(*cur, part, next)) return {};
    if (next == nullptr || !(next->is_object() || next->is_array())) return {};
    cur = next;
  }
  return {cur, DecodeKey(split.back())};
}

// --- the container primitives, with the library's messages ---

std::optional<std::string> ContainerAdd(value& con, const std::string& key, value val) {
  if (con.is_object()) {
    con.get_object()[key] = std::move(val);
    return std::nullopt;
  }
  auto& arr = con.get_array();
  if (key == "-") {
    arr.push_back(std::move(val));
    return std::nullopt;
  }
  long long idx = 0;
  if (auto err = Atoi(key, idx))
    return "value was not a proper array index: '" + key + "': " + *err;
  const long long sz = static_cast<long long>(arr.size()) + 1;
  if (idx >= sz || idx < -sz) return InvalidIndex(idx);
  if (idx < 0) idx += sz;
  arr.insert(arr.begin() + idx, std::move(val));
  return std::nullopt;
}

std::optional<std::string> ContainerRemove(value& con, const std::string& key) {
  if (con.is_object()) {
    if (!patch_internal::EraseMember(con.get_object(), key)) {
      return "Unable to remove nonexistent key: " + key + ": missing value";
    }
    return std::nullopt;
  }
  auto& arr = con.get_array();
  long long idx = 0;
  if (auto err = Atoi(key, idx)) return err;
  const long long sz = static_cast<long long>(arr.size());
  if (idx >= sz || idx < -sz) return InvalidIndex(idx);
  if (idx < 0) idx += sz;
  arr.erase(arr.begin() + idx);
  return std::nullopt;
}

// The member or element at `key`; nullptr (no error) for a missing member.
// Negative indexes count from the end, as in the library.
std::optional<std::string> ContainerGet(value& con, const std::string& key, value*& out) {
  out = nullptr;
  if (con.is_object()) {
    auto it = con.get_object().find(key);
    if (it != con.get_object().end()) out = &it->value();
    return std::nullopt;
  }
  auto& arr = con.get_array();
  long long idx = 0;
  if (auto err = Atoi(key, idx)) return err;
  const long long sz = static_cast<long long>(arr.size());
  if (idx < 0) {
    if (idx < -sz) return InvalidIndex(idx);
    idx += sz;
  }
  if (idx >= sz) return InvalidIndex(idx);
  out = &arr[static_cast<size_t>(idx)];
  return std::nullopt;
}

// --- reading an operation's members ---

enum class Field { kPath, kFrom };

// A string member, or the error text upstream's accessor gives.
std::optional<std::string> ReadString(const object& op, Field f, std::string& out) {
  const char* name = f == Field::kPath ? "path" : "from";
  auto it = op.find(name);
  if (it == op.end() || it->value().is_null()) {
    return f == Field::kPath ? "operation missing path field: missing value"
                             : "operation, missing from field: missing value";
  }
  if (!it->value().is_string()) {
    return std::string("json: cannot unmarshal ") + JsonTypeWord(it->value()) +
           " into Go value of type string";
  }
  out = std::string(it->value().get_string());
  return std::nullopt;
}

value OpValue(const object& op) {
  auto it = op.find("value");
  return it == op.end() ? value(nullptr) : it->value();
}

std::optional<OpError> DoAdd(value& doc, const object& op) {
  std::string path;
  if (ReadString(op, Field::kPath, path))
    return OpError{"add operation failed to decode path: missing value"};
  Location loc = FindObject(doc, path);
  if (!loc.container) {
    return OpError{"add operation does not apply: doc is missing path: \"" + path +
                   "\": missing value"};
  }
  if (auto err = ContainerAdd(*loc.container, loc.key, OpValue(op))) {
    return OpError{"error in add for path: '" + path + "': " + *err};
  }
  return std::nullopt;
}

std::optional<OpError> DoRemove(value& doc, const object& op) {
  std::string path;
  if (ReadString(op, Field::kPath, path)) {
    return OpError{"remove operation failed to decode path: missing value"};
  }
  Location loc = FindObject(doc, path);
  if (!loc.container) {
    return OpError{"remove operation does not apply: doc is missing path: \"" + path +
                   "\": missing value"};
  }
  if (auto err = ContainerRemove(*loc.container, loc.key)) {
    return OpError{"error in remove for path: '" + path + "': " + *err};
  }
  return std::nullopt;
}

std::optional<OpError> DoReplace(value& doc, const object& op) {
  std::string path;
  if (auto err = ReadString(op, Field::kPath, path)) {
    return OpError{"replace operation failed to decode path: " + *err};
  }
  if (path.empty()) {
    // The whole document; the library silently ignores a value that is not
    // an object or an array.
    value v = OpValue(op);
    if (v.is_object() || v.is_array()) doc = std::move(v);
    return std::nullopt;
  }
  Location loc = FindObject(doc, path);
  if (!loc.container) {
    return OpError{"replace operation does not apply: doc is missing path: " + path +
                   ": missing value"};
  }
  value* cur = nullptr;
  if (ContainerGet(*loc.container, loc.key, cur)) {
    return OpError{"replace operation does not apply: doc is missing key: " + path +
                   ": missing value"};
  }
  if (cur != nullptr) {
    *cur = OpValue(op);
  } else {
    // v4 quirk: a missing object member is simply set.
    loc.container->get_object()[loc.key] = OpValue(op);
  }
  return std::nullopt;
}

std::optional<OpError> DoMove(value& doc, const object& op) {
  std::string from;
  if (auto err = ReadString(op, Field::kFrom, from)) {
    return OpError{"move operation failed to decode from: " + *err};
  }
  Location src = FindObject(doc, from);
  if (!src.container) {
    return OpError{"move operation does not apply: doc is missing from path: " + from +
                   ": missing value"};
  }
  value* cur = nullptr;
  if (auto err = ContainerGet(*src.container, src.key, cur)) {
    return OpError{"error in move for path: '" + src.key + "': " + *err};
  }
  value moved = cur ? *cur : value(nullptr);
  if (auto err = ContainerRemove(*src.container, src.key)) {
    return OpError{"error in move for path: '" + src.key + "': " + *err};
  }
  std::string path;
  if (auto err = ReadString(op, Field::kPath, path)) {
    return OpError{"move operation failed to decode path: " + *err};
  }
  Location dst = FindObject(doc, path);
  if (!dst.container) {
    return OpError{"move operation does not apply: doc is missing destination path: " + path +
                   ": missing value"};
  }
  if (auto err = ContainerAdd(*dst.container, dst.key, std::move(moved))) {
    return OpError{"error in move for path: '" + path + "': " + *err};
  }
  return std::nullopt;
}

std::optional<OpError> DoTest(value& doc, const object& op) {
  std::string path;
  if (auto err = ReadString(op, Field::kPath, path)) {
    return OpError{"test operation failed to decode path: " + *err};
  }
  if (path.empty()) {
    if (GoEqual(doc, OpValue(op))) return std::nullopt;
    return OpError{"testing value  failed: test failed"};
  }
  Location loc = FindObject(doc, path);
  if (!loc.container) {
    return OpError{"test operation does not apply: is missing path: " + path + ": missing value"};
  }
  value* cur = nullptr;
  if (auto err = ContainerGet(*loc.container, loc.key, cur)) {
    return OpError{"error in test for path: '" + path + "': " + *err};
  }
  const value expected = OpValue(op);
  const bool doc_null = cur == nullptr || cur->is_null();
  if (doc_null ? expected.is_null() : GoEqual(*cur, expected)) return std::nullopt;
  return OpError{"testing value " + path + " failed: test failed"};
}

std::optional<OpError> DoCopy(value& doc, const object& op) {
  std::string from;
  if (auto err = ReadString(op, Field::kFrom, from)) {
    return OpError{"copy operation failed to decode from: " + *err};
  }
  Location src = FindObject(doc, from);
  if (!src.container) {
    return OpError{"copy operation does not apply: doc is missing from path: " + from +
                   ": missing value"};
  }
  value* cur = nullptr;
  if (auto err = ContainerGet(*src.container, src.key, cur)) {
    return OpError{"error in copy for from: '" + from + "': " + *err};
  }
  value copied = cur ? *cur : value(nullptr);
  std::string path;
  if (ReadString(op, Field::kPath, path)) {
    return OpError{"copy operation failed to decode path: missing value"};
  }
  Location dst = FindObject(doc, path);
  if (!dst.container) {
    return OpError{"copy operation does not apply: doc is missing destination path: " + path +
                   ": missing value"};
  }
  if (auto err = ContainerAdd(*dst.container, dst.key, std::move(copied))) {
    return OpError{"error while adding value during copy: " + *err};
  }
  return std::nullopt;
}

// The "op" member as the library reads it: anything but a string is "unknown".
std::string Kind(const object& op) {
  auto it = op.find("op");
  if (it == op.end() || !it->value().is_string()) return "unknown";
  return std::string(it->value().get_string());
}

}  // namespace

StatusOr<value> ApplyJsonPatchDetailed(const value& doc, const value& patch) {
  if (patch.is_null()) return doc;  // decodes as an empty patch upstream
  if (!patch.is_array()) {
    return Status::BadRequest(std::string("json: cannot unmarshal ") + JsonTypeWord(patch) +
                              " into Go value of type jsonpatch.Patch");
  }
  const array& ops = patch.get_array();
  for (const auto& op : ops) {
    if (!op.is_object() && !op.is_null()) {
      return Status::BadRequest(std::string("json: cannot unmarshal ") + JsonTypeWord(op) +
                                " into Go value of type jsonpatch.Operation");
    }
  }
  if (ops.size() > kMaxJsonPatchOperations) {
    return Status::TooLarge(
        "Request entity too large: The allowed maximum operations in a JSON patch is " +
        std::to_string(kMaxJsonPatchOperations) + ", got " + std::to_string(ops.size()));
  }
  if (!doc.is_object() && !doc.is_array()) {
    return Status::Invalid(std::string("json: cannot unmarshal ") + JsonTypeWord(doc) +
                           " into Go value of type jsonpatch.partialDoc");
  }
  value out = doc;
  static const object kEmpty;
  for (const auto& opv : ops) {
    const object& op = opv.is_object() ? opv.get_object() : kEmpty;
    const std::string kind = Kind(op);
    std::optional<OpError> err;
    if (kind == "add") {
      err = DoAdd(out, op);
    } else if (kind == "remove") {
      err = DoRemove(out, op);
    } else if (kind == "replace") {
      err = DoReplace(out, op);
    } else if (kind == "move") {
      err = DoMove(out, op);
    } else if (kind == "test") {
      err = DoTest(out, op);
    } else if (kind == "copy") {
      err = DoCopy(out, op);
    } else {
      err = OpError{"Unexpected kind: " + kind};
    }
    if (err) return Status::Invalid(err->message);
  }
  return out;
}

StatusOr<value> ApplyJsonPatch(const value& doc, const value& patch) {
  auto res = ApplyJsonPatchDetailed(doc, patch);
  if (res.ok() || !res.status().IsInvalid()) return res;
  VLOG(2) << "json patch does not apply: " << res.status().message();
  return Status::Invalid(kJsonPatchRejectedMessage);
}

}  // namespace kubepp::api

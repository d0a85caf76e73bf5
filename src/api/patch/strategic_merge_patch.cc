// Strategic merge patch (application/strategic-merge-patch+json) with
// upstream's semantics (k8s.io/apimachinery/pkg/util/strategicpatch, applied
// as the apiserver does: parallel deletion lists merged, unmatched nulls
// ignored).
//
// A patch object merges into the object like a merge patch, except:
//  - a list field tagged patchStrategy=merge merges: lists of objects by their
//    patchMergeKey (a patch item updates the live item with the same key, or
//    is added), lists of scalars as a set union;
//  - "$patch": "replace" in an object replaces it, "delete" empties it; in a
//    list of objects, an item {"<key>": v, "$patch": "delete"} removes the
//    live items with that key and an item {"$patch": "replace"} makes the
//    patch list replace the live one;
//  - "$retainKeys": [..] drops every live member not named (and requires the
//    patch to set only named members);
//  - "$setElementOrder/<field>": [..] gives the order of the merged list;
//  - "$deleteFromPrimitiveList/<field>": [..] removes scalars from a merged
//    list of scalars.
// Order of a merged list, as upstream: patch items in patch order, live-only
// items in live order, interleaved where both orders know the items; items
// new to the list come before the live items they are not ordered against.
//
// Errors: malformed directives are BadRequest with upstream's text; a list of
// lists is 422 (upstream's fixed text); other failures (a merge key missing
// from an item, mixed element types, an unknown $patch value) are the 500
// with an empty reason that upstream sends for errors it does not classify.
//
// Patch values stored without merging (new members, replaced lists, new list
// items) are cleaned as upstream cleans new members: objects carrying "$patch"
// are dropped and null members removed. Upstream leaves some of these raw
// for its typed decoder to discard; kubepp stores JSON, so it cleans them all.
// A "$deleteFromPrimitiveList" for a list the object lacks changes nothing.

#include "api/patch/strategic_merge_patch.h"

#include <algorithm>
#include <climits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/patch/go_format.h"
#include "api/patch/list_order.h"
#include "api/patch/object_edit.h"
#include "api/patch/patch.h"
#include "api/patch/patch_schema.h"
#include "api/patch/smp_common.h"

namespace kubepp::api::patch_internal {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;
using patch_internal::JsonTypeWord;

// Cleans a patch value that is stored without merging, like upstream's
// removeDirectives + discardNullValuesFromPatch: an object carrying "$patch"
// is dropped whole (returns false), null members go, list items that are
// dropped objects go. kubepp also drops the other directive members, which
// upstream leaves for the typed decoder to discard.
bool Strip(value& v) {
  if (v.is_object()) {
    object& o = v.get_object();
    if (o.contains(kDirectiveMarker)) return false;
    EraseMembersIf(o, [](std::string_view k, value& m) {
      return m.is_null() || k == kRetainKeys || StartsWith(k, kSetElementOrderPrefix) ||
             StartsWith(k, kDeleteFromPrimitiveListPrefix) || !Strip(m);
    });
  } else if (v.is_array()) {
    array& a = v.get_array();
    for (auto it = a.begin(); it != a.end();) {
      it = Strip(*it) ? it + 1 : a.erase(it);
    }
  }
  return true;
}

// Stores a cleaned patch value as `slot`; a dropped value removes the member.
void StoreStripped(object& o, std::string_view key, value v) {
  if (Strip(v)) {
    o[key] = std::move(v);
  } else {
    EraseMember(o, key);
  }
}

array StrippedList(array a) {
  value v(std::move(a));
  Strip(v);
  return std::move(v.get_array());
}

// "$setElementOrder/containers" -> "containers".
StatusOr<std::string> ExtractKey(std::string_view s, std::string_view prefix) {
  size_t slash = s.find('/');
  if (slash == std::string_view::npos || s.substr(0, slash) != prefix) {
    if (prefix == kDeleteFromPrimitiveListPrefix) return ErrBadPatchFormatForPrimitiveList();
    return ErrBadPatchFormatForSetElementOrderList();
  }
  return std::string(s.substr(slash + 1));
}

class Merger {
 public:
  StatusOr<object> MergeMap(object original, object patch, const PatchType* type);

 private:
  Status ApplyRetainKeys(object& original, object& patch);
  Status ApplySetElementOrder(object& original, object& patch, const PatchType* type);
  StatusOr<array> MergeSliceHandler(array original, array patch, const PatchField* field,
                                    bool is_delete_list);
  StatusOr<array> MergeSlice(array original, array patch, const PatchType* elem_type,
                             std::string_view merge_key, bool is_delete_list);
};

Status Merger::ApplyRetainKeys(object& original, object& patch) {
  auto it = patch.find(kRetainKeys);
  if (it == patch.end()) return Status::Ok();
  value retain = std::move(it->value());
  EraseMember(patch, kRetainKeys);
  if (!retain.is_array()) return ErrBadPatchFormatForRetainKeys();
  const array& keys = retain.get_array();
  auto retained = [&](std::string_view k) {
    return std::any_of(keys.begin(), keys.end(), [&](const value& v) { return IsString(v, k); });
  };
  for (const auto& kv : patch) {
    std::string_view k = kv.key();
    if (kv.value().is_null() || StartsWith(k, kDeleteFromPrimitiveListPrefix) ||
        StartsWith(k, kSetElementOrderPrefix)) {
      continue;
    }
    if (!retained(k)) return ErrBadPatchFormatForRetainKeys();
  }
  EraseMembersIf(original, [&](std::string_view k, const value&) { return !retained(k); });
  return Status::Ok();
}

Status Merger::ApplySetElementOrder(object& original, object& patch, const PatchType* type) {
  std::vector<std::string> directives;
  for (const auto& kv : patch) {
    if (StartsWith(kv.key(), kSetElementOrderPrefix)) directives.emplace_back(kv.key());
  }
  for (const auto& key : directives) {
    value order_value = std::move(patch.at(key));
    EraseMember(patch, key);
    if (!order_value.is_array()) return ErrBadArgType(kSliceType, order_value);
    const array& order = order_value.get_array();
    auto field_name = ExtractKey(key, kSetElementOrderPrefix);
    if (!field_name.ok()) return field_name.status();

    static const array kEmpty;
    const value* orig_v = original.if_contains(*field_name);
    const value* patch_v = patch.if_contains(*field_name);
    if (orig_v && !orig_v->is_array()) return ErrBadArgType(kSliceType, *orig_v);
    if (patch_v && !patch_v->is_array()) return ErrBadArgType(kSliceType, *patch_v);
    const array& orig_list = orig_v ? orig_v->get_array() : kEmpty;
    const array& patch_list = patch_v ? patch_v->get_array() : kEmpty;

    const PatchField* field = type ? type->Find(*field_name) : nullptr;
    std::string_view merge_key = field ? field->merge_key : std::string_view();
    KUBEPP_RETURN_IF_ERROR(ValidatePatchWithSetOrderList(patch_list, order, merge_key));

    array merged;
    array server_order = orig_list;
    if (orig_v && !patch_v) {
      merged = orig_list;
    } else if (!orig_v && patch_v) {
      merged = StrippedList(patch_list);
    } else if (orig_v && patch_v) {
      auto m = MergeSliceHandler(orig_list, patch_list, field, false);
      if (!m.ok()) return m.status();
      merged = std::move(*m);
      if (field && field->merge && !merge_key.empty()) {
        server_order = LiveListAfterInPlaceMerge(orig_list, patch_list, merge_key);
      }
    } else {
      continue;
    }

    auto parts = PartitionByPresence(merged, order, merge_key);
    if (!parts.ok()) return parts.status();
    auto kind = SliceElementType(orig_list, patch_list);
    if (!kind.ok()) return kind.status();
    auto both = NormalizeElementOrder(std::move(parts->in), std::move(parts->out), order,
                                      server_order, merge_key, *kind);
    if (!both.ok()) return both.status();
    original[*field_name] = std::move(*both);
    EraseMember(patch, *field_name);
  }
  return Status::Ok();
}

StatusOr<object> Merger::MergeMap(object original, object patch, const PatchType* type) {
  if (auto it = patch.find(kDirectiveMarker); it != patch.end()) {
    if (IsString(it->value(), "replace")) {
      EraseMember(patch, kDirectiveMarker);
      value replaced(std::move(patch));
      Strip(replaced);
      return std::move(replaced.get_object());
    }
    if (IsString(it->value(), "delete")) return object();
    value directive = it->value();
    return ErrBadPatchType(directive, value(std::move(patch)));
  }
  KUBEPP_RETURN_IF_ERROR(ApplyRetainKeys(original, patch));
  KUBEPP_RETURN_IF_ERROR(ApplySetElementOrder(original, patch, type));

  for (auto& kv : patch) {
    std::string key(kv.key());
    value& patch_v = kv.value();
    bool is_delete_list = false;
    if (StartsWith(key, kDeleteFromPrimitiveListPrefix)) {
      auto stripped = ExtractKey(key, kDeleteFromPrimitiveListPrefix);
      if (!stripped.ok()) return stripped.status();
      key = std::move(*stripped);
      is_delete_list = true;
    }
    if (patch_v.is_null()) {
      EraseMember(original, key);
      continue;
    }
    auto it = original.find(key);
    if (it == original.end()) {
      if (!is_delete_list) StoreStripped(original, key, std::move(patch_v));
      continue;
    }
    value& orig_v = it->value();
    if (KindOf(orig_v) != KindOf(patch_v)) {
      if (!is_delete_list) StoreStripped(original, key, std::move(patch_v));
      continue;
    }
    const PatchField* field = type ? type->Find(key) : nullptr;
    if (orig_v.is_object()) {
      if (field && field->replace) {
        StoreStripped(original, key, std::move(patch_v));
        continue;
      }
      auto merged = MergeMap(std::move(orig_v.get_object()), std::move(patch_v.get_object()),
                             field ? field->type : nullptr);
      if (!merged.ok()) return merged.status();
      orig_v = std::move(*merged);
    } else if (orig_v.is_array()) {
      auto merged = MergeSliceHandler(std::move(orig_v.get_array()), std::move(patch_v.get_array()),
                                      field, is_delete_list);
      if (!merged.ok()) return merged.status();
      orig_v = std::move(*merged);
    } else {
      StoreStripped(original, key, std::move(patch_v));
    }
  }
  return original;
}

StatusOr<array> Merger::MergeSliceHandler(array original, array patch, const PatchField* field,
                                          bool is_delete_list) {
  // Deletion lists act the same whatever the field's strategy.
  if ((field && field->merge) || is_delete_list) {
    return MergeSlice(std::move(original), std::move(patch), field ? field->type : nullptr,
                      field ? field->merge_key : std::string_view(), is_delete_list);
  }
  return StrippedList(std::move(patch));
}

StatusOr<array> Merger::MergeSlice(array original, array patch, const PatchType* elem_type,
                                   std::string_view merge_key, bool is_delete_list) {
  if (original.empty() && patch.empty()) return original;
  auto kind_or = SliceElementType(original, patch);
  if (!kind_or.ok()) return kind_or.status();
  const GoKind kind = *kind_or;

  array merged;
  if (kind != GoKind::kMap) {
    if (is_delete_list) {
      array kept;
      for (auto& v : original) {
        bool drop =
            std::any_of(patch.begin(), patch.end(), [&](const value& d) { return GoEqual(v, d); });
        if (!drop) kept.push_back(std::move(v));
      }
      return kept;
    }
    for (const array* s : {&original, &patch}) {
      for (const auto& v : *s) {
        bool dup = std::any_of(merged.begin(), merged.end(),
                               [&](const value& m) { return GoEqual(m, v); });
        if (!dup) merged.push_back(v);
      }
    }
  } else {
    if (merge_key.empty())
      return Unclassified("cannot merge lists without merge key for type struct");
    // Items carrying "$patch" act on the live list first.
    array plain;
    bool replace = false;
    for (auto& v : patch) {
      const value* directive = Member(v, kDirectiveMarker);
      if (!directive) {
        plain.push_back(std::move(v));
        continue;
      }
      if (IsString(*directive, "delete")) {
        const value* key_value = v.get_object().if_contains(merge_key);
        if (!key_value) return ErrNoMergeKey(v, merge_key);
        for (auto it = original.begin(); it != original.end();) {
          const value* k = Member(*it, merge_key);
          it = (k && GoEqual(*k, *key_value)) ? original.erase(it) : it + 1;
        }
      } else if (IsString(*directive, "replace")) {
        replace = true;
      } else if (IsString(*directive, "merge")) {
        return Unclassified("merging lists cannot yet be specified in the patch");
      } else {
        return ErrBadPatchType(*directive, v);
      }
    }
    if (replace) {
      original = StrippedList(std::move(plain));
      plain.clear();
    }
    patch = std::move(plain);

    merged = original;
    for (const auto& v : patch) {
      const value* key_value = v.get_object().if_contains(merge_key);
      if (!key_value) return ErrNoMergeKey(v, merge_key);
      auto idx = FindMapByKey(merged, merge_key, *key_value);
      if (!idx.ok()) return idx.status();
      if (*idx >= 0) {
        auto m = MergeMap(std::move(merged[static_cast<size_t>(*idx)].get_object()), v.get_object(),
                          elem_type);
        if (!m.ok()) return m.status();
        merged[static_cast<size_t>(*idx)] = std::move(*m);
      } else {
        value added = v;
        if (Strip(added)) merged.push_back(std::move(added));
      }
    }
  }

  auto parts = PartitionByPresence(merged, patch, merge_key);
  if (!parts.ok()) return parts.status();
  return NormalizeElementOrder(std::move(parts->in), std::move(parts->out), patch, original,
                               merge_key, kind);
}

}  // namespace

StatusOr<value> StrategicMergeWithType(const value& doc, const value& patch,
                                       const PatchType* root) {
  if (patch.is_null()) return doc;
  if (!patch.is_object()) {
    return Status::BadRequest(std::string("json: cannot unmarshal ") + JsonTypeWord(patch) +
                              " into Go value of type map[string]interface {}");
  }
  object original = doc.is_object() ? doc.get_object() : object();
  Merger merger;
  auto merged = merger.MergeMap(std::move(original), patch.get_object(), root);
  if (!merged.ok()) return merged.status();
  return value(std::move(*merged));
}

}  // namespace kubepp::api::patch_internal

namespace kubepp::api {

StatusOr<boost::json::value> ApplyStrategicMergePatch(const boost::json::value& doc,
                                                      const boost::json::value& patch,
                                                      std::string_view api_version,
                                                      std::string_view kind) {
  return patch_internal::StrategicMergeWithType(doc, patch,
                                                patch_internal::RootPatchType(api_version, kind));
}

}  // namespace kubepp::api

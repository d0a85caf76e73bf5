#include "api/patch/list_order.h"

#include <algorithm>
#include <climits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/patch/go_format.h"

namespace kubepp::api::patch_internal {

using boost::json::array;
using boost::json::value;

namespace {

// Position of `item` in `list`: by merge key value for maps, by value otherwise.
int Index(const array& list, const value& item, std::string_view merge_key, GoKind kind) {
  static const value kNull;
  auto key_of = [&](const value& v) -> const value& {
    if (kind != GoKind::kMap) return v;
    const value* m = Member(v, merge_key);
    return m ? *m : kNull;
  };
  const value& want = key_of(item);
  for (size_t i = 0; i < list.size(); ++i) {
    if (GoEqual(want, key_of(list[i]))) return static_cast<int>(i);
  }
  return -1;
}

Status ValidateMergeKeyInList(std::string_view merge_key, const array& list) {
  for (const auto& item : list) {
    if (!item.is_object()) return ErrBadArgType(kMapType, item);
    if (!item.get_object().contains(merge_key)) return ErrNoMergeKey(item, merge_key);
  }
  return Status::Ok();
}

// Sorts `to_sort` by the positions in `order` (stable); for maps, items that
// delete come last.
StatusOr<array> NormalizeSliceOrder(array to_sort, const array& order, std::string_view merge_key,
                                    GoKind kind) {
  array to_delete;
  if (kind == GoKind::kMap) {
    KUBEPP_RETURN_IF_ERROR(ValidateMergeKeyInList(merge_key, to_sort));
    KUBEPP_RETURN_IF_ERROR(ValidateMergeKeyInList(merge_key, order));
    array keep;
    for (auto& v : to_sort) (IsDeleteItem(v) ? to_delete : keep).push_back(std::move(v));
    to_sort = std::move(keep);
  }
  std::vector<std::pair<int, size_t>> keys;
  for (size_t i = 0; i < to_sort.size(); ++i) {
    int idx = Index(order, to_sort[i], merge_key, kind);
    keys.emplace_back(idx < 0 ? INT_MAX : idx, i);
  }
  std::stable_sort(keys.begin(), keys.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  array out;
  out.reserve(to_sort.size() + to_delete.size());
  for (const auto& k : keys) out.push_back(std::move(to_sort[k.second]));
  for (auto& v : to_delete) out.push_back(std::move(v));
  return out;
}

// Interleaves two ordered lists: a `left` item goes first only when both
// items are known to `server_order` and it comes earlier there.
array MergeSortedSlice(array left, array right, const array& server_order,
                       std::string_view merge_key, GoKind kind) {
  array out;
  out.reserve(left.size() + right.size());
  size_t i = 0, j = 0;
  while (i < left.size() || j < right.size()) {
    if (i >= left.size()) {
      out.push_back(std::move(right[j++]));
    } else if (j >= right.size()) {
      out.push_back(std::move(left[i++]));
    } else {
      int li = Index(server_order, left[i], merge_key, kind);
      int ri = Index(server_order, right[j], merge_key, kind);
      if (li >= 0 && ri >= 0 && li < ri) {
        out.push_back(std::move(left[i++]));
      } else {
        out.push_back(std::move(right[j++]));
      }
    }
  }
  return out;
}

}  // namespace

StatusOr<array> NormalizeElementOrder(array patch_items, array server_only,
                                      const array& patch_order, const array& server_order,
                                      std::string_view merge_key, GoKind kind) {
  auto p = NormalizeSliceOrder(std::move(patch_items), patch_order, merge_key, kind);
  if (!p.ok()) return p.status();
  auto s = NormalizeSliceOrder(std::move(server_only), server_order, merge_key, kind);
  if (!s.ok()) return s.status();
  return MergeSortedSlice(std::move(*s), std::move(*p), server_order, merge_key, kind);
}

// The first map in `list` whose merge key equals `key_value`.
StatusOr<int> FindMapByKey(const array& list, std::string_view merge_key, const value& key_value) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object()) {
      return Unclassified("value for key " + std::to_string(i) + " is not a map");
    }
    const value* m = list[i].get_object().if_contains(merge_key);
    if (m && GoEqual(*m, key_value)) return static_cast<int>(i);
  }
  return -1;
}

StatusOr<Partition> PartitionByPresence(const array& merged, const array& by,
                                        std::string_view merge_key) {
  Partition p;
  for (const auto& v : merged) {
    bool found = false;
    if (merge_key.empty()) {
      found = std::any_of(by.begin(), by.end(), [&](const value& b) { return GoEqual(v, b); });
    } else {
      if (!v.is_object()) return ErrBadArgType(kMapType, v);
      const value* mv = v.get_object().if_contains(merge_key);
      if (!mv) return ErrNoMergeKey(v, merge_key);
      auto idx = FindMapByKey(by, merge_key, *mv);
      if (!idx.ok()) return idx.status();
      found = *idx >= 0;
    }
    (found ? p.in : p.out).push_back(v);
  }
  return p;
}

Status ValidatePatchWithSetOrderList(const array& patch_list, const array& order,
                                     std::string_view merge_key) {
  if (order.empty() || patch_list.empty()) return Status::Ok();
  array non_delete;
  if (!merge_key.empty()) {
    for (const auto& v : patch_list) {
      if (!v.is_object()) return ErrBadArgType(kMapType, v);
      if (!IsDeleteItem(v)) non_delete.push_back(v);
    }
  } else {
    non_delete = patch_list;
  }
  size_t pi = 0, si = 0;
  while (pi < non_delete.size() && si < order.size()) {
    if (Member(non_delete[pi], kDirectiveMarker)) {
      ++pi;
      continue;
    }
    bool equal = false;
    if (merge_key.empty()) {
      equal = GoEqual(non_delete[pi], order[si]);
    } else {
      const value& l = non_delete[pi];
      const value& r = order[si];
      if (!l.is_object()) return ErrBadArgType(kMapType, l);
      if (!r.is_object()) return ErrBadArgType(kMapType, r);
      const value* lk = l.get_object().if_contains(merge_key);
      if (!lk) return ErrNoMergeKey(l, merge_key);
      const value* rk = r.get_object().if_contains(merge_key);
      if (!rk) return ErrNoMergeKey(r, merge_key);
      equal = GoEqual(*lk, *rk);
    }
    if (equal) ++pi;
    ++si;
  }
  if (pi < non_delete.size() && si >= order.size()) {
    return Unclassified("The order in patch list:\n" + GoValue(value(patch_list)) +
                        "\n doesn't match " + std::string(kSetElementOrderPrefix) + " list:\n" +
                        GoValue(value(order)) + "\n");
  }
  return Status::Ok();
}

array LiveListAfterInPlaceMerge(const array& live, const array& patch, std::string_view merge_key) {
  array backing = live;
  size_t len = backing.size();
  auto key_of = [&](const value& v) { return Member(v, merge_key); };
  auto find = [&](const array& list, size_t n, const value& key) -> std::optional<size_t> {
    for (size_t i = 0; i < n; ++i) {
      const value* k = key_of(list[i]);
      if (k && GoEqual(*k, key)) return i;
    }
    return std::nullopt;
  };
  bool replace = false;
  array plain;
  for (const auto& v : patch) {
    const value* directive = Member(v, kDirectiveMarker);
    if (!directive) {
      plain.push_back(v);
      continue;
    }
    if (IsString(*directive, "replace")) replace = true;
    const value* key = key_of(v);
    if (!IsString(*directive, "delete") || !key) continue;
    while (auto i = find(backing, len, *key)) {
      for (size_t j = *i; j + 1 < len; ++j) backing[j] = backing[j + 1];
      --len;
    }
  }
  if (replace) return backing;
  array logical(backing.begin(), backing.begin() + static_cast<std::ptrdiff_t>(len));
  for (const auto& v : plain) {
    const value* key = key_of(v);
    if (!key || find(logical, logical.size(), *key)) continue;
    if (logical.size() < backing.size()) backing[logical.size()] = v;
    logical.push_back(v);
  }
  return backing;
}

}  // namespace kubepp::api::patch_internal

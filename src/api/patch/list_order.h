// How a merged list is ordered, with upstream's rules
// (strategicpatch normalizeElementOrder / mergeSortedSlice).
//
// A merged list is split into the items the patch (or a $setElementOrder
// list) names and the live-only items. Each part keeps its own order (the
// patch's, the live list's), then the two are interleaved: a live-only item
// goes first only when the live list knows both items and has it earlier.
// So for live [a b c] and patch [b' d]: [a b' d c]; for live [a] and patch
// [c]: [c a].
//
// Items of lists of objects are identified by their merge key value; items
// of lists of scalars by value.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "api/patch/smp_common.h"
#include "base/status.h"

namespace kubepp::api::patch_internal {

// Items of `merged` present in `by` (`in`) and absent (`out`), in order.
struct Partition {
  boost::json::array in;
  boost::json::array out;
};
StatusOr<Partition> PartitionByPresence(const boost::json::array& merged,
                                        const boost::json::array& by, std::string_view merge_key);

// Orders `patch_items` by `patch_order`, `server_only` by `server_order`,
// then interleaves them as described above.
StatusOr<boost::json::array> NormalizeElementOrder(boost::json::array patch_items,
                                                   boost::json::array server_only,
                                                   const boost::json::array& patch_order,
                                                   const boost::json::array& server_order,
                                                   std::string_view merge_key, GoKind kind);

// The index of the first object in `list` whose merge key equals `key_value`,
// or -1. Errors if an item is not an object.
StatusOr<int> FindMapByKey(const boost::json::array& list, std::string_view merge_key,
                           const boost::json::value& key_value);

// Checks that the patch list names its items in the $setElementOrder order.
Status ValidatePatchWithSetOrderList(const boost::json::array& patch_list,
                                     const boost::json::array& order, std::string_view merge_key);

// The live list as upstream's $setElementOrder step sees it after merging.
// Upstream merges in place into the live list's storage (a Go slice), so
// the copy it later orders live-only items by shows the merge's edits:
// deleted items shifted out (the last slots keeping stale items) and new
// items written into the freed slots. Only merge key positions matter, so
// this replays deletions and additions on merge keys alone.
boost::json::array LiveListAfterInPlaceMerge(const boost::json::array& live,
                                             const boost::json::array& patch,
                                             std::string_view merge_key);

}  // namespace kubepp::api::patch_internal

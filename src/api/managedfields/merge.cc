#include "api/managedfields/merge.h"

#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/managedfields/list_items.h"

namespace kubepp::api::managedfields {
namespace {

bool IsEmptyOrNull(const boost::json::value* v) {
  if (!v || v->is_null()) return true;
  if (v->is_object()) return v->get_object().empty();
  if (v->is_array()) return v->get_array().empty();
  return false;
}

// REQUIRES: at least one of lhs, rhs.
boost::json::value MergeNode(const boost::json::value* lhs, const boost::json::value* rhs, const Atom* atom);

boost::json::value MergeObjects(const boost::json::object* lhs, const boost::json::object* rhs, const Atom* atom) {
  boost::json::object out;
  auto type_of = [atom](std::string_view key) -> const Atom* {
    if (atom->kind == Atom::Kind::kStruct) {
      const AtomField* f = atom->FindField(key);
      return f ? f->type : UntypedAtom();
    }
    return atom->element;
  };
  if (lhs) {
    out.reserve(lhs->size() + (rhs ? rhs->size() : 0));
    for (const auto& kv : *lhs) {
      const boost::json::value* r = rhs ? rhs->if_contains(kv.key()) : nullptr;
      if (r && r->is_null()) continue;  // the configuration clears it
      out.emplace(kv.key(), MergeNode(&kv.value(), r, type_of(kv.key())));
    }
  }
  if (rhs) {
    for (const auto& kv : *rhs) {
      if ((lhs && lhs->contains(kv.key())) || kv.value().is_null()) continue;
      out.emplace(kv.key(), MergeNode(nullptr, &kv.value(), type_of(kv.key())));
    }
  }
  return out;
}

struct Indexed {
  std::vector<PathElement> pes;                            // in list order (duplicates skipped on the right)
  std::vector<const boost::json::value*> values;           // parallel to pes
  std::vector<std::pair<PathElement, size_t>> by_element;  // sorted; first occurrence
  std::vector<bool> duplicated;                            // parallel to by_element

  const boost::json::value* Find(const PathElement& pe, bool* dup = nullptr) const {
    auto it = std::lower_bound(by_element.begin(), by_element.end(), pe,
                               [](const auto& e, const PathElement& p) { return e.first < p; });
    if (it == by_element.end() || !(it->first == pe)) return nullptr;
    if (dup) *dup = duplicated[static_cast<size_t>(it - by_element.begin())];
    return values[it->second];
  }
  bool Has(const PathElement& pe) const {
    auto it = std::lower_bound(by_element.begin(), by_element.end(), pe,
                               [](const auto& e, const PathElement& p) { return e.first < p; });
    return it != by_element.end() && it->first == pe;
  }
};

Indexed Index(const boost::json::array* list, const Atom* atom, bool keep_duplicates) {
  Indexed out;
  if (!list) return out;
  for (const auto& item : *list) {
    auto pe = ListItemElement(atom, item);
    if (!pe.ok()) continue;
    auto it = std::lower_bound(out.by_element.begin(), out.by_element.end(), *pe,
                               [](const auto& e, const PathElement& p) { return e.first < p; });
    if (it != out.by_element.end() && it->first == *pe) {
      out.duplicated[static_cast<size_t>(it - out.by_element.begin())] = true;
      if (!keep_duplicates) continue;
    } else {
      size_t pos = static_cast<size_t>(it - out.by_element.begin());
      out.by_element.insert(it, {*pe, out.pes.size()});
      out.duplicated.insert(out.duplicated.begin() + static_cast<std::ptrdiff_t>(pos), false);
    }
    out.pes.push_back(std::move(*pe));
    out.values.push_back(&item);
  }
  return out;
}

boost::json::value MergeLists(const boost::json::array* lhs, const boost::json::array* rhs, const Atom* atom) {
  const Indexed right = Index(rhs, atom, false);
  const Indexed left = Index(lhs, atom, true);
  boost::json::array out;
  out.reserve(left.pes.size() + right.pes.size());
  static const boost::json::value kNull;

  // The configuration's items that the live list has too, in its order.
  std::vector<const PathElement*> shared;
  for (const auto& pe : right.pes) {
    if (left.Has(pe)) shared.push_back(&pe);
  }
  size_t next_shared = 0;
  auto shared_front = [&]() -> const PathElement* { return next_shared < shared.size() ? shared[next_shared] : nullptr; };
  std::vector<PathElement> merged_right;  // sorted
  auto mark_merged = [&merged_right](const PathElement& pe) {
    auto it = std::lower_bound(merged_right.begin(), merged_right.end(), pe);
    if (it == merged_right.end() || !(*it == pe)) merged_right.insert(it, pe);
  };
  auto was_merged = [&merged_right](const PathElement& pe) {
    return std::binary_search(merged_right.begin(), merged_right.end(), pe);
  };
  // A live item whose key repeats merges as null: the configuration decides it.
  auto live_item = [&left](const PathElement& pe) -> const boost::json::value* {
    bool dup = false;
    const boost::json::value* v = left.Find(pe, &dup);
    return dup ? &kNull : v;
  };

  size_t li = 0, ri = 0;
  const size_t ln = left.pes.size(), rn = right.pes.size();
  while (li < ln || ri < rn) {
    if (li < ln && ri < rn) {
      const PathElement& pe = left.pes[li];
      if (pe == right.pes[ri]) {
        mark_merged(pe);
        out.push_back(MergeNode(live_item(pe), right.values[ri], atom->element));
        ++li;
        ++ri;
        ++next_shared;
        continue;
      }
      const PathElement* want = shared_front();
      if (right.Has(pe) && want && !(*want == pe)) {
        ++li;  // a shared item, but not the one due now
        continue;
      }
    }
    if (li < ln) {
      const PathElement& pe = left.pes[li];
      if (!right.Has(pe)) {
        out.push_back(MergeNode(left.values[li], nullptr, atom->element));
        ++li;
        continue;
      }
      if (was_merged(pe)) {
        ++li;
        continue;
      }
    }
    if (ri < rn) {
      const PathElement& pe = right.pes[ri];
      mark_merged(pe);
      out.push_back(MergeNode(live_item(pe), right.values[ri], atom->element));
      ++ri;
      const PathElement* want = shared_front();
      if (want && *want == pe) ++next_shared;
    }
  }
  return out;
}

boost::json::value MergeNode(const boost::json::value* lhs, const boost::json::value* rhs, const Atom* atom) {
  const Atom* la = lhs ? ResolveAtom(atom, *lhs) : nullptr;
  const Atom* ra = rhs ? ResolveAtom(atom, *rhs) : nullptr;
  const Atom* a = ra ? ra : la;
  bool leaf = (la && ra && la != ra) || a->kind == Atom::Kind::kScalar;
  if (!leaf && a->kind == Atom::Kind::kList) {
    leaf = a->list_type == Atom::ListType::kAtomic || (IsEmptyOrNull(lhs) && IsEmptyOrNull(rhs)) ||
           (lhs && !lhs->is_array() && !lhs->is_null()) || (rhs && !rhs->is_array() && !rhs->is_null());
  } else if (!leaf) {
    leaf = a->atomic || (IsEmptyOrNull(lhs) && IsEmptyOrNull(rhs)) || (lhs && !lhs->is_object() && !lhs->is_null()) ||
           (rhs && !rhs->is_object() && !rhs->is_null());
  }
  if (leaf) return rhs ? *rhs : *lhs;
  if (!rhs) return *lhs;  // nothing configured below: the live value as it is
  if (a->kind == Atom::Kind::kList) {
    return MergeLists(lhs && lhs->is_array() ? &lhs->get_array() : nullptr,
                      rhs && rhs->is_array() ? &rhs->get_array() : nullptr, a);
  }
  return MergeObjects(lhs && lhs->is_object() ? &lhs->get_object() : nullptr,
                      rhs && rhs->is_object() ? &rhs->get_object() : nullptr, a);
}

}  // namespace

boost::json::value Merge(const boost::json::value& live, const boost::json::value& config, const Atom* atom) {
  return MergeNode(&live, &config, atom);
}

}  // namespace kubepp::api::managedfields

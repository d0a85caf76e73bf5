#include "api/managedfields/compare.h"

#include <algorithm>
#include <utility>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/managedfields/list_items.h"
#include "api/managedfields/value_order.h"

namespace kubepp::api::managedfields {
namespace {

// Comparison of the subtree under one path; `self_*` say whether the path
// itself goes into a set (the parent inserts it as a member).
struct Sub {
  Comparison below;
  bool self_added = false;
  bool self_removed = false;
  bool self_modified = false;
  bool Empty() const { return !self_added && !self_removed && !self_modified && below.Same(); }
};

bool IsEmptyOrAbsent(const boost::json::value* v) {
  if (!v || v->is_null()) return true;
  if (v->is_object()) return v->get_object().empty();
  if (v->is_array()) return v->get_array().empty();
  return false;
}

class Comparer {
 public:
  Comparison Root(const boost::json::object& lhs, const boost::json::object& rhs, const Atom* root) {
    return Members(&lhs, &rhs, root, false);
  }

  // `skip_managed`: `lhs`/`rhs` are the root's metadata, whose managedFields
  // are bookkeeping, not fields.
  Sub Node(const boost::json::value* lhs, const boost::json::value* rhs, const Atom* atom, bool skip_managed) {
    Sub out;
    // Most of an object is the same on both sides: skip it without naming
    // its parts. (The root's metadata holds managedFields, which may differ.)
    if (lhs && rhs && !skip_managed && ValuesEqual(*lhs, *rhs)) return out;
    // A value on one side only: it and everything in it was added (removed).
    if (!lhs || !rhs) {
      FieldSet all = Everything(lhs ? *lhs : *rhs, atom, skip_managed);
      (lhs ? out.self_removed : out.self_added) = true;
      (lhs ? out.below.removed : out.below.added) = std::move(all);
      return out;
    }
    const Atom* la = lhs ? ResolveAtom(atom, *lhs) : nullptr;
    const Atom* ra = rhs ? ResolveAtom(atom, *rhs) : nullptr;
    const Atom* a = ra ? ra : la;
    // Values of different shapes compare as wholes.
    const bool mismatched = la && ra && la != ra;
    bool leaf = mismatched || a->kind == Atom::Kind::kScalar || a->kind == Atom::Kind::kUntyped;
    if (!leaf && a->kind == Atom::Kind::kList) {
      leaf = a->list_type == Atom::ListType::kAtomic || (IsEmptyOrAbsent(lhs) && IsEmptyOrAbsent(rhs)) ||
             (lhs && !lhs->is_array() && !lhs->is_null()) || (rhs && !rhs->is_array() && !rhs->is_null());
    } else if (!leaf) {
      leaf = a->atomic || (IsEmptyOrAbsent(lhs) && IsEmptyOrAbsent(rhs)) ||
             (lhs && !lhs->is_object() && !lhs->is_null()) || (rhs && !rhs->is_object() && !rhs->is_null());
    }
    if (leaf) {
      if (!lhs) {
        out.self_added = true;
      } else if (!rhs) {
        out.self_removed = true;
      } else if (!ValuesEqual(*lhs, *rhs)) {
        out.self_modified = true;
      }
      return out;
    }
    if (a->kind == Atom::Kind::kList) {
      out.below = Items(lhs && lhs->is_array() ? &lhs->get_array() : nullptr,
                        rhs && rhs->is_array() ? &rhs->get_array() : nullptr, a);
    } else {
      out.below = Members(lhs && lhs->is_object() ? &lhs->get_object() : nullptr,
                          rhs && rhs->is_object() ? &rhs->get_object() : nullptr, a, skip_managed);
    }
    out.self_added = !lhs;
    out.self_removed = !rhs;
    return out;
  }

 private:
  // Every path strictly inside `v` (a value on one side only), as Node would
  // report them: granular objects and list items with all they hold; leaves
  // and empty values are members without insides.
  static FieldSet Everything(const boost::json::value& v, const Atom* atom, bool skip_managed) {
    const Atom* a = ResolveAtom(atom, v);
    std::vector<std::pair<PathElement, FieldSet>> parts;
    auto items_of = [&](const Atom* item_atom, const boost::json::value& child, PathElement pe) {
      parts.emplace_back(std::move(pe), Everything(child, item_atom, false));
    };
    if (a->kind == Atom::Kind::kList && a->list_type != Atom::ListType::kAtomic && v.is_array() &&
        !v.get_array().empty()) {
      std::vector<std::pair<PathElement, const boost::json::value*>> items;
      for (const auto& item : v.get_array()) {
        auto pe = ListItemElement(a, item);
        if (pe.ok()) items.emplace_back(std::move(*pe), &item);
      }
      std::stable_sort(items.begin(), items.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
      for (size_t i = 0; i < items.size();) {
        size_t j = i + 1;
        while (j < items.size() && items[j].first == items[i].first) ++j;
        if (j - i == 1) {
          items_of(a->element, *items[i].second, std::move(items[i].first));
        } else {
          parts.emplace_back(std::move(items[i].first), FieldSet());  // repeated keys: the item as a whole
        }
        i = j;
      }
    } else if ((a->kind == Atom::Kind::kStruct || a->kind == Atom::Kind::kMap) && !a->atomic && v.is_object() &&
               !v.get_object().empty()) {
      parts.reserve(v.get_object().size());
      for (const auto& kv : v.get_object()) {
        if (skip_managed && kv.key() == "managedFields") continue;
        const Atom* type = a->element;
        if (a->kind == Atom::Kind::kStruct) {
          const AtomField* f = a->FindField(kv.key());
          if (!f) continue;
          type = f->type;
        }
        items_of(type, kv.value(), PathElement::Field(kv.key()));
      }
      std::sort(parts.begin(), parts.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    }
    FieldSet out;
    for (auto& [pe, below] : parts) {
      out.AppendMember(pe);
      out.AppendChild(std::move(pe), std::move(below));
    }
    return out;
  }

  static void Attach(Comparison& into, const PathElement& pe, Sub sub) {
    if (sub.Empty()) return;
    if (sub.self_added) into.added.InsertMember(pe);
    if (sub.self_removed) into.removed.InsertMember(pe);
    if (sub.self_modified) into.modified.InsertMember(pe);
    into.added.InsertChild(pe, std::move(sub.below.added));
    into.removed.InsertChild(pe, std::move(sub.below.removed));
    into.modified.InsertChild(pe, std::move(sub.below.modified));
  }

  Comparison Members(const boost::json::object* lhs, const boost::json::object* rhs, const Atom* atom,
                     bool skip_managed) {
    Comparison out;
    auto type_of = [atom](std::string_view key) -> const Atom* {
      if (atom->kind == Atom::Kind::kStruct) {
        const AtomField* f = atom->FindField(key);
        return f ? f->type : nullptr;
      }
      return atom->element;
    };
    auto visit = [&](std::string_view key, const boost::json::value* l, const boost::json::value* r) {
      if (skip_managed && key == "managedFields") return;
      const Atom* type = type_of(key);
      if (!type) return;  // not in the schema: never owned
      Sub sub = Node(l, r, type, depth_ == 1 && key == "metadata");
      if (!sub.Empty()) Attach(out, PathElement::Field(key), std::move(sub));
    };
    ++depth_;
    if (lhs) {
      for (const auto& kv : *lhs) visit(kv.key(), &kv.value(), rhs ? rhs->if_contains(kv.key()) : nullptr);
    }
    if (rhs) {
      for (const auto& kv : *rhs) {
        if (!lhs || !lhs->contains(kv.key())) visit(kv.key(), nullptr, &kv.value());
      }
    }
    --depth_;
    return out;
  }

  struct Group {
    PathElement pe;
    std::vector<const boost::json::value*> left, right;
  };

  Comparison Items(const boost::json::array* lhs, const boost::json::array* rhs, const Atom* atom) {
    std::vector<Group> groups;
    std::vector<std::pair<PathElement, size_t>> index;  // sorted by element
    auto add = [&](const boost::json::value& item, bool left) {
      auto pe = ListItemElement(atom, item);
      if (!pe.ok()) return;
      auto it = std::lower_bound(index.begin(), index.end(), *pe,
                                 [](const auto& e, const PathElement& p) { return e.first < p; });
      size_t g;
      if (it != index.end() && it->first == *pe) {
        g = it->second;
      } else {
        g = groups.size();
        index.insert(it, {*pe, g});
        groups.push_back(Group{*pe, {}, {}});
      }
      (left ? groups[g].left : groups[g].right).push_back(&item);
    };
    if (lhs) {
      for (const auto& item : *lhs) add(item, true);
    }
    if (rhs) {
      for (const auto& item : *rhs) add(item, false);
    }
    Comparison out;
    for (auto& g : groups) {
      if (g.left.size() <= 1 && g.right.size() <= 1) {
        Attach(out, g.pe,
               Node(g.left.empty() ? nullptr : g.left[0], g.right.empty() ? nullptr : g.right[0], atom->element,
                    false));
      } else if (g.left.size() >= 2 && g.right.size() >= 2) {
        bool same = g.left.size() == g.right.size();
        for (size_t i = 0; same && i < g.left.size(); ++i) same = ValuesEqual(*g.left[i], *g.right[i]);
        if (!same) out.modified.InsertMember(g.pe);
      } else if (g.left.size() >= 2) {
        if (!g.right.empty()) Attach(out, g.pe, Node(nullptr, g.right[0], atom->element, false));
        out.removed.InsertMember(g.pe);
      } else {
        if (!g.left.empty()) Attach(out, g.pe, Node(g.left[0], nullptr, atom->element, false));
        out.added.InsertMember(g.pe);
      }
    }
    return out;
  }

  int depth_ = 0;  // how many objects deep Members is; the root's members are at 1
};

}  // namespace

Comparison Compare(const boost::json::value& old_value, const boost::json::value& new_value, const Atom* root) {
  Comparer comparer;
  Sub sub = comparer.Node(&old_value, &new_value, root, false);
  return std::move(sub.below);
}

Comparison Compare(const boost::json::object& old_value, const boost::json::object& new_value, const Atom* root) {
  Comparer comparer;
  return comparer.Root(old_value, new_value, root);
}

}  // namespace kubepp::api::managedfields

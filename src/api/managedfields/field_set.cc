#include "api/managedfields/field_set.h"

#include <algorithm>

namespace kubepp::api::managedfields {
namespace {

auto LowerMember(const std::vector<PathElement>& v, const PathElement& pe) {
  return std::lower_bound(v.begin(), v.end(), pe, [](const PathElement& a, const PathElement& b) { return a < b; });
}

template <typename Children>
auto LowerChild(Children& v, const PathElement& pe) {
  return std::lower_bound(v.begin(), v.end(), pe,
                          [](const FieldSet::Subtree& c, const PathElement& p) { return c.element < p; });
}

// Sorted-vector merge of members.
std::vector<PathElement> MergeMembers(const std::vector<PathElement>& a, const std::vector<PathElement>& b,
                                      bool keep_a_only, bool keep_both, bool keep_b_only) {
  std::vector<PathElement> out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    int c = a[i].Compare(b[j]);
    if (c < 0) {
      if (keep_a_only) out.push_back(a[i]);
      ++i;
    } else if (c > 0) {
      if (keep_b_only) out.push_back(b[j]);
      ++j;
    } else {
      if (keep_both) out.push_back(a[i]);
      ++i;
      ++j;
    }
  }
  if (keep_a_only) out.insert(out.end(), a.begin() + i, a.end());
  if (keep_b_only) out.insert(out.end(), b.begin() + j, b.end());
  return out;
}

}  // namespace

FieldSet* FieldSet::DescendOrCreate(const PathElement& pe) {
  auto it = LowerChild(children_, pe);
  if (it == children_.end() || !(it->element == pe)) it = children_.insert(it, Subtree{pe, FieldSet()});
  return &it->set;
}

void FieldSet::Insert(const Path& path) {
  if (path.empty()) return;
  FieldSet* s = this;
  for (size_t i = 0; i + 1 < path.size(); ++i) s = s->DescendOrCreate(path[i]);
  s->InsertMember(path.back());
}

void FieldSet::InsertMember(const PathElement& pe) {
  auto it = LowerMember(members_, pe);
  if (it == members_.end() || !(*it == pe)) members_.insert(it, pe);
}

void FieldSet::InsertChild(const PathElement& pe, FieldSet child) {
  if (child.Empty()) return;
  auto it = LowerChild(children_, pe);
  if (it != children_.end() && it->element == pe) {
    it->set = it->set.Union(child);
  } else {
    children_.insert(it, Subtree{pe, std::move(child)});
  }
}

void FieldSet::AppendMember(PathElement pe) {
  if (members_.empty() || members_.back() < pe) {
    members_.push_back(std::move(pe));
  } else {
    InsertMember(pe);
  }
}

void FieldSet::AppendChild(PathElement pe, FieldSet child) {
  if (child.Empty()) return;
  if (children_.empty() || children_.back().element < pe) {
    children_.push_back(Subtree{std::move(pe), std::move(child)});
  } else {
    InsertChild(pe, std::move(child));
  }
}

bool FieldSet::HasMember(const PathElement& pe) const {
  auto it = LowerMember(members_, pe);
  return it != members_.end() && *it == pe;
}

const FieldSet* FieldSet::Child(const PathElement& pe) const {
  auto it = LowerChild(children_, pe);
  if (it == children_.end() || !(it->element == pe)) return nullptr;
  return &it->set;
}

bool FieldSet::Has(const Path& path) const {
  if (path.empty()) return false;
  const FieldSet* s = this;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    s = s->Child(path[i]);
    if (!s) return false;
  }
  return s->HasMember(path.back());
}

size_t FieldSet::Size() const {
  size_t n = members_.size();
  for (const auto& c : children_) n += c.set.Size();
  return n;
}

FieldSet FieldSet::Union(const FieldSet& o) const {
  FieldSet out;
  out.members_ = MergeMembers(members_, o.members_, true, true, true);
  size_t i = 0, j = 0;
  const auto& a = children_;
  const auto& b = o.children_;
  out.children_.reserve(std::max(a.size(), b.size()));
  while (i < a.size() && j < b.size()) {
    int c = a[i].element.Compare(b[j].element);
    if (c < 0) {
      out.children_.push_back(a[i++]);
    } else if (c > 0) {
      out.children_.push_back(b[j++]);
    } else {
      out.children_.push_back(Subtree{a[i].element, a[i].set.Union(b[j].set)});
      ++i;
      ++j;
    }
  }
  out.children_.insert(out.children_.end(), a.begin() + i, a.end());
  out.children_.insert(out.children_.end(), b.begin() + j, b.end());
  return out;
}

FieldSet FieldSet::Intersection(const FieldSet& o) const {
  FieldSet out;
  out.members_ = MergeMembers(members_, o.members_, false, true, false);
  size_t i = 0, j = 0;
  const auto& a = children_;
  const auto& b = o.children_;
  while (i < a.size() && j < b.size()) {
    int c = a[i].element.Compare(b[j].element);
    if (c < 0) {
      ++i;
    } else if (c > 0) {
      ++j;
    } else {
      FieldSet both = a[i].set.Intersection(b[j].set);
      if (!both.Empty()) out.children_.push_back(Subtree{a[i].element, std::move(both)});
      ++i;
      ++j;
    }
  }
  return out;
}

FieldSet FieldSet::Difference(const FieldSet& o) const {
  FieldSet out;
  out.members_ = MergeMembers(members_, o.members_, true, false, false);
  size_t i = 0, j = 0;
  const auto& a = children_;
  const auto& b = o.children_;
  while (i < a.size() && j < b.size()) {
    int c = a[i].element.Compare(b[j].element);
    if (c < 0) {
      out.children_.push_back(a[i++]);
    } else if (c > 0) {
      ++j;
    } else {
      FieldSet rest = a[i].set.Difference(b[j].set);
      if (!rest.Empty()) out.children_.push_back(Subtree{a[i].element, std::move(rest)});
      ++i;
      ++j;
    }
  }
  out.children_.insert(out.children_.end(), a.begin() + i, a.end());
  return out;
}

FieldSet FieldSet::RecursiveDifference(const FieldSet& o) const {
  FieldSet out;
  out.members_ = MergeMembers(members_, o.members_, true, false, false);
  size_t j = 0;
  const auto& b = o.children_;
  for (const auto& child : children_) {
    // A member of `o` removes everything under it.
    if (o.HasMember(child.element)) continue;
    while (j < b.size() && b[j].element < child.element) ++j;
    if (j < b.size() && b[j].element == child.element) {
      FieldSet rest = child.set.RecursiveDifference(b[j].set);
      if (!rest.Empty()) out.children_.push_back(Subtree{child.element, std::move(rest)});
    } else {
      out.children_.push_back(child);
    }
  }
  return out;
}

void FieldSet::UnionWith(const FieldSet& o) {
  if (o.Empty()) return;
  if (Empty()) {
    *this = o;
    return;
  }
  if (!o.members_.empty()) {
    if (o.members_.size() <= 4) {
      for (const auto& m : o.members_) InsertMember(m);
    } else {
      members_ = MergeMembers(members_, o.members_, true, true, true);
    }
  }
  for (const auto& oc : o.children_) {
    auto it = LowerChild(children_, oc.element);
    if (it != children_.end() && it->element == oc.element) {
      it->set.UnionWith(oc.set);
    } else {
      children_.insert(it, oc);
    }
  }
}

void FieldSet::UnionWith(FieldSet&& o) {
  if (o.Empty()) return;
  if (Empty()) {
    *this = std::move(o);
    return;
  }
  if (!o.members_.empty()) {
    if (o.members_.size() <= 4) {
      for (const auto& m : o.members_) InsertMember(m);
    } else {
      members_ = MergeMembers(members_, o.members_, true, true, true);
    }
  }
  for (auto& oc : o.children_) {
    auto it = LowerChild(children_, oc.element);
    if (it != children_.end() && it->element == oc.element) {
      it->set.UnionWith(std::move(oc.set));
    } else {
      children_.insert(it, std::move(oc));
    }
  }
  o = FieldSet();
}

void FieldSet::Subtract(const FieldSet& o) {
  if (o.Empty() || Empty()) return;
  if (!o.members_.empty() && !members_.empty()) {
    size_t w = 0, j = 0;
    for (size_t i = 0; i < members_.size(); ++i) {
      while (j < o.members_.size() && o.members_[j] < members_[i]) ++j;
      if (j < o.members_.size() && o.members_[j] == members_[i]) continue;
      if (w != i) members_[w] = std::move(members_[i]);
      ++w;
    }
    members_.resize(w, PathElement());
  }
  for (const auto& oc : o.children_) {
    auto it = LowerChild(children_, oc.element);
    if (it == children_.end() || !(it->element == oc.element)) continue;
    it->set.Subtract(oc.set);
    if (it->set.Empty()) children_.erase(it);
  }
}

void FieldSet::EraseSubtree(const PathElement& pe) {
  auto m = LowerMember(members_, pe);
  if (m != members_.end() && *m == pe) members_.erase(m);
  auto c = LowerChild(children_, pe);
  if (c != children_.end() && c->element == pe) children_.erase(c);
}

void FieldSet::IterateFrom(Path& prefix, const std::function<void(const Path&)>& f) const {
  for (const auto& m : members_) {
    prefix.push_back(m);
    f(prefix);
    prefix.pop_back();
  }
  for (const auto& c : children_) {
    prefix.push_back(c.element);
    c.set.IterateFrom(prefix, f);
    prefix.pop_back();
  }
}

void FieldSet::Iterate(const std::function<void(const Path&)>& f) const {
  Path prefix;
  IterateFrom(prefix, f);
}

std::vector<Path> FieldSet::Paths() const {
  std::vector<Path> out;
  Iterate([&out](const Path& p) { out.push_back(p); });
  return out;
}

bool FieldSet::operator==(const FieldSet& o) const {
  if (members_.size() != o.members_.size() || children_.size() != o.children_.size()) return false;
  for (size_t i = 0; i < members_.size(); ++i) {
    if (!(members_[i] == o.members_[i])) return false;
  }
  for (size_t i = 0; i < children_.size(); ++i) {
    if (!(children_[i].element == o.children_[i].element) || !(children_[i].set == o.children_[i].set)) return false;
  }
  return true;
}

}  // namespace kubepp::api::managedfields

// FieldSet: a set of field paths, stored as a trie — at each level the
// elements that are themselves in the set ("members") and the elements under
// which longer paths continue ("children"), both sorted.
//
//   {.metadata.labels.app, .spec.replicas, .spec}
//     members: [.spec]   children: [.metadata -> {children: [.labels -> {members: [.app]}]},
//                                   .spec -> {members: [.replicas]}]
//
// A path can be a member and have children at once (".spec" above); FieldsV1
// writes that as `".": {}` inside the child. The set operations are those of
// upstream's structured-merge-diff, including its asymmetries: Difference
// removes members and recurses into children, but a member of the right side
// does not remove the left side's children under it; RecursiveDifference
// does. Child sets are never empty.
//
// Thread safety: a value type; const methods are safe to call concurrently.
#pragma once

#include <functional>
#include <vector>

#include "api/managedfields/path_element.h"

namespace kubepp::api::managedfields {

class FieldSet {
 public:
  struct Subtree;

  FieldSet() = default;
  FieldSet(const FieldSet&) = default;
  FieldSet(FieldSet&&) noexcept = default;
  FieldSet& operator=(const FieldSet&) = default;
  FieldSet& operator=(FieldSet&&) noexcept = default;

  // Inserting the empty path does nothing.
  void Insert(const Path& path);
  void InsertMember(const PathElement& pe);
  // Merges `child` (if not empty) into the child set under `pe`.
  void InsertChild(const PathElement& pe, FieldSet child);
  bool Has(const Path& path) const;
  bool HasMember(const PathElement& pe) const;
  // The set of paths under `pe` (without it); nullptr when there are none.
  const FieldSet* Child(const PathElement& pe) const;

  bool Empty() const { return members_.empty() && children_.empty(); }
  // How many paths the set holds.
  size_t Size() const;

  FieldSet Union(const FieldSet& o) const;
  FieldSet Intersection(const FieldSet& o) const;
  FieldSet Difference(const FieldSet& o) const;
  FieldSet RecursiveDifference(const FieldSet& o) const;

  // The same in place, touching only the parts `o` names (the write path
  // takes small sets away from large ones).
  void UnionWith(const FieldSet& o);
  void UnionWith(FieldSet&& o);
  void Subtract(const FieldSet& o);  // as Difference
  // Removes `pe` and everything under it.
  void EraseSubtree(const PathElement& pe);

  // Every path: this level's members first, then each child's paths, in order.
  void Iterate(const std::function<void(const Path&)>& f) const;
  std::vector<Path> Paths() const;
  bool operator==(const FieldSet& o) const;

  const std::vector<PathElement>& members() const { return members_; }
  const std::vector<Subtree>& children() const { return children_; }

  // For decoders that produce elements in order: append when `pe` sorts after
  // the last one (the common case), insert in place otherwise.
  void AppendMember(PathElement pe);
  void AppendChild(PathElement pe, FieldSet child);

 private:
  void IterateFrom(Path& prefix, const std::function<void(const Path&)>& f) const;
  FieldSet* DescendOrCreate(const PathElement& pe);

  std::vector<PathElement> members_;  // sorted, unique
  std::vector<Subtree> children_;       // sorted by element, sets not empty
};

struct FieldSet::Subtree {
  PathElement element;
  FieldSet set;
};

}  // namespace kubepp::api::managedfields

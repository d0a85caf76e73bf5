#include "api/managedfields/field_filter.h"

namespace kubepp::api::managedfields {

FieldFilter FieldFilter::Excluding(std::string_view top) {
  FieldFilter f;
  f.mode_ = Mode::kExclude;
  f.top_.InsertMember(PathElement::Field(top));
  return f;
}

FieldFilter FieldFilter::OnlyUnder(std::string_view top) {
  FieldFilter f;
  f.mode_ = Mode::kOnly;
  f.top_.InsertMember(PathElement::Field(top));
  return f;
}

FieldSet FieldFilter::Apply(const FieldSet& set) const {
  switch (mode_) {
    case Mode::kAll:
      return set;
    case Mode::kExclude:
      return set.RecursiveDifference(top_);
    case Mode::kOnly: {
      const PathElement& top = top_.members().front();
      FieldSet out;
      if (set.HasMember(top)) out.InsertMember(top);
      if (const FieldSet* below = set.Child(top)) out.InsertChild(top, *below);
      return out;
    }
  }
  return set;
}

void FieldFilter::ApplyInPlace(FieldSet& set) const {
  switch (mode_) {
    case Mode::kAll:
      return;
    case Mode::kExclude:
      set.EraseSubtree(top_.members().front());
      return;
    case Mode::kOnly:
      set = Apply(set);
      return;
  }
}

void FieldFilter::ApplyInPlace(Comparison& c) const {
  ApplyInPlace(c.added);
  ApplyInPlace(c.removed);
  ApplyInPlace(c.modified);
}

}  // namespace kubepp::api::managedfields

// Label and field selectors: parsing and matching as upstream
// (k8s.io/apimachinery/pkg/labels/selector.go and pkg/fields/selector.go).
//
// A LabelSelector is an AND of requirements sorted by key; it is an immutable
// value once built, so one parsed selector may be shared by many threads
// matching objects (a watch fans out to every watcher's selector).
// Parse and FromObject validate keys and values with the name rules in
// api/names and report upstream's exact messages as BadRequest.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"

namespace kubepp::api {

using Labels = std::map<std::string, std::string, std::less<>>;

struct Requirement {
  enum class Op { kEquals, kNotEquals, kIn, kNotIn, kExists, kDoesNotExist, kGreaterThan, kLessThan };
  std::string key;
  Op op = Op::kEquals;
  std::vector<std::string> values;  // sorted, as upstream sorts them
  // "==" rather than "=": same meaning, but String() gives back what was written, as upstream.
  bool double_equals = false;

  bool Matches(const Labels& labels) const;
  // Upstream's text of one requirement: "a=b", "a==b", "a!=b", "a in (x,y)", "a notin (x)",
  // "a", "!a", "a>5", "a<5".
  std::string String() const;
};

class LabelSelector {
 public:
  LabelSelector() = default;  // matches everything
  // Parses the `labelSelector` query string ("app=x,tier in (a,b),!old").
  // Errors are BadRequest with upstream's message, e.g.
  //   "unable to parse requirement: found '=', expected: identifier".
  static StatusOr<LabelSelector> Parse(std::string_view text);
  // From a metav1.LabelSelector object ({matchLabels, matchExpressions}).
  static StatusOr<LabelSelector> FromObject(const boost::json::object& selector);

  bool Matches(const Labels& labels) const;
  bool Matches(const boost::json::object* labels) const;  // metadata.labels, may be null
  bool Empty() const { return requirements_.empty(); }
  // Canonical text, requirements sorted by key ("app=x,tier in (a,b)").
  std::string String() const;
  const std::vector<Requirement>& requirements() const { return requirements_; }

 private:
  std::vector<Requirement> requirements_;
};

struct FieldRequirement {
  std::string field;
  bool equals = true;  // "=" / "==" vs "!="
  std::string value;
};

class FieldSelector {
 public:
  FieldSelector() = default;
  // Parses the `fieldSelector` query string ("metadata.name=x,spec.nodeName!=").
  // Backslash escapes as upstream (\, \= \\).
  static StatusOr<FieldSelector> Parse(std::string_view text);
  // `fields` maps each selectable field to its value for one object.
  bool Matches(const std::map<std::string, std::string, std::less<>>& fields) const;
  bool Empty() const { return requirements_.empty(); }
  const std::vector<FieldRequirement>& requirements() const { return requirements_; }
  // Canonical text: terms sorted, "==" written "=", values escaped: "a=b\,c,d!=e" for a = "b,c" and d != "e".
  std::string String() const;
  // The value of the first "=" term on `field`, if any (upstream RequiresExactMatch);
  // lets the apiserver serve "metadata.name=x" as a single get.
  const std::string* RequiresExactMatch(std::string_view field) const;

 private:
  std::vector<FieldRequirement> requirements_;
};

// Escapes backslash, "," and "=" with a backslash so `value` can be put in a field selector.
std::string EscapeFieldSelectorValue(std::string_view value);

}  // namespace kubepp::api

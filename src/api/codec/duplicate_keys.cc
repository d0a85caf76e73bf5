#include "api/codec/duplicate_keys.h"

#include <set>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

namespace kubepp::api {
namespace {

// Walks the parser's events keeping, for each open mapping, the keys seen so
// far and whether the next node is a key.
class DuplicateFinder : public YAML::EventHandler {
 public:
  std::vector<DuplicateKey> found;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { Node(mark, nullptr); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { Node(mark, nullptr); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string& value) override {
    Node(mark, &value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    Node(mark, nullptr);
    stack_.push_back(Level{false, {}, false});
  }
  void OnSequenceEnd() override { stack_.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    Node(mark, nullptr);
    stack_.push_back(Level{true, {}, true});
  }
  void OnMapEnd() override { stack_.pop_back(); }

 private:
  struct Level {
    bool mapping;
    std::set<std::string> keys;
    bool expect_key;
  };

  // A node starts; in a mapping it is a key or a value, alternately.
  void Node(const YAML::Mark& mark, const std::string* scalar) {
    if (stack_.empty() || !stack_.back().mapping) return;
    Level& level = stack_.back();
    if (level.expect_key && scalar && !level.keys.insert(*scalar).second) {
      found.push_back(DuplicateKey{mark.line + 1, *scalar});
    }
    level.expect_key = !level.expect_key;
  }

  std::vector<Level> stack_;
};

}  // namespace

std::string DuplicateKey::Message() const {
  return "line " + std::to_string(line) + ": key \"" + key + "\" already set in map";
}

std::vector<DuplicateKey> FindDuplicateKeys(std::string_view text) {
  DuplicateFinder finder;
  try {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    parser.HandleNextDocument(finder);
  } catch (const YAML::Exception&) {
    // The decoder reports syntax errors.
  }
  return std::move(finder.found);
}

}  // namespace kubepp::api

// Command-line flags in the form Kubernetes components take them:
// --name=value, --name value, and bare --name for booleans.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"

namespace kubepp {

class FlagSet {
 public:
  explicit FlagSet(std::string command) : command_(std::move(command)) {}

  void String(const std::string& name, std::string* target, const std::string& help);
  void Int(const std::string& name, int64_t* target, const std::string& help);
  void Bool(const std::string& name, bool* target, const std::string& help);
  // Repeatable; each value may list several, comma-separated. The first use
  // replaces the default list, later ones append.
  void StringList(const std::string& name, std::vector<std::string>* target, const std::string& help);

  // Parses args (without the program and command names). Unknown flags and
  // bad values are errors naming the flag.
  Status Parse(const std::vector<std::string>& args);
  std::string Usage() const;
  const std::vector<std::string>& positional() const { return positional_; }
  // Whether the command line set flag `name` (after Parse), even to its default.
  bool Changed(const std::string& name) const;

 private:
  enum class Kind { kString, kInt, kBool, kStringList };
  struct Flag {
    Kind kind;
    void* target;
    std::string help;
    std::string default_text;
  };
  std::string command_;
  std::map<std::string, Flag> flags_;
  std::vector<std::string> positional_;
  std::set<std::string> changed_;
};

}  // namespace kubepp

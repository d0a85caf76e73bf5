#include "base/flags.h"

#include <algorithm>

namespace kubepp {

void FlagSet::String(const std::string& name, std::string* target, const std::string& help) {
  flags_[name] = Flag{Kind::kString, target, help, *target};
}

void FlagSet::Int(const std::string& name, int64_t* target, const std::string& help) {
  flags_[name] = Flag{Kind::kInt, target, help, std::to_string(*target)};
}

void FlagSet::Bool(const std::string& name, bool* target, const std::string& help) {
  flags_[name] = Flag{Kind::kBool, target, help, *target ? "true" : "false"};
}

void FlagSet::StringList(const std::string& name, std::vector<std::string>* target, const std::string& help) {
  std::string defaults;
  for (const auto& v : *target) defaults += (defaults.empty() ? "" : ",") + v;
  flags_[name] = Flag{Kind::kStringList, target, help, defaults};
}

bool FlagSet::Changed(const std::string& name) const { return changed_.count(name) > 0; }

Status FlagSet::Parse(const std::vector<std::string>& args) {
  std::vector<std::string> lists_seen;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("-", 0) != 0 || arg == "-" || arg == "--") {
      positional_.push_back(arg);
      continue;
    }
    std::string body = arg.substr(arg.rfind("--", 0) == 0 ? 2 : 1);
    std::string name = body, value;
    bool has_value = false;
    if (auto eq = body.find('='); eq != std::string::npos) {
      name = body.substr(0, eq);
      value = body.substr(eq + 1);
      has_value = true;
    }
    auto it = flags_.find(name);
    if (it == flags_.end()) return Status::BadRequest("unknown flag: --" + name);
    Flag& flag = it->second;
    changed_.insert(name);
    if (flag.kind == Kind::kBool) {
      if (!has_value) {
        *static_cast<bool*>(flag.target) = true;
      } else if (value == "true" || value == "1") {
        *static_cast<bool*>(flag.target) = true;
      } else if (value == "false" || value == "0") {
        *static_cast<bool*>(flag.target) = false;
      } else {
        return Status::BadRequest("invalid argument \"" + value + "\" for \"--" + name + "\" flag");
      }
      continue;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) return Status::BadRequest("flag needs an argument: --" + name);
      value = args[++i];
    }
    if (flag.kind == Kind::kString) {
      *static_cast<std::string*>(flag.target) = value;
    } else if (flag.kind == Kind::kStringList) {
      auto* list = static_cast<std::vector<std::string>*>(flag.target);
      if (std::find(lists_seen.begin(), lists_seen.end(), name) == lists_seen.end()) {
        lists_seen.push_back(name);
        list->clear();
      }
      size_t start = 0;
      for (;;) {
        size_t comma = value.find(',', start);
        std::string item = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty()) list->push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else {
      try {
        size_t used = 0;
        long long v = std::stoll(value, &used);
        if (used != value.size()) throw std::invalid_argument(value);
        *static_cast<int64_t*>(flag.target) = v;
      } catch (...) {
        return Status::BadRequest("invalid argument \"" + value + "\" for \"--" + name + "\" flag");
      }
    }
  }
  return Status::Ok();
}

std::string FlagSet::Usage() const {
  std::string out = "usage: kubepp " + command_ + " [flags]\nflags:\n";
  for (const auto& [name, flag] : flags_) {
    out += "  --" + name + "  " + flag.help;
    if (!flag.default_text.empty()) out += " (default " + flag.default_text + ")";
    out += "\n";
  }
  return out;
}

}  // namespace kubepp

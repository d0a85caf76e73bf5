// CycleState: the scratchpad of one scheduling cycle. PreFilter and PreScore
// plugins compute what their Filter/Score needs once per pod and leave it
// here under their own key; preemption clones it to try removing pods.
//
// Thread safety: Write happens in PreFilter/PreScore (one thread); Read from
// the filter threads happens after, so reads need no lock.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubepp::scheduler::framework {

class StateData {
 public:
  virtual ~StateData() = default;
  virtual std::unique_ptr<StateData> Clone() const = 0;
};

class CycleState {
 public:
  CycleState() = default;
  CycleState(const CycleState&) = delete;
  CycleState& operator=(const CycleState&) = delete;

  // nullptr when absent or of another type.
  template <typename T>
  T* Read(std::string_view key) const {
    for (const auto& [k, v] : entries_) {
      if (k == key) return dynamic_cast<T*>(v.get());
    }
    return nullptr;
  }
  void Write(std::string_view key, std::unique_ptr<StateData> data) {
    for (auto& [k, v] : entries_) {
      if (k == key) {
        v = std::move(data);
        return;
      }
    }
    entries_.emplace_back(std::string(key), std::move(data));
  }
  std::unique_ptr<CycleState> Clone() const {
    auto c = std::make_unique<CycleState>();
    for (const auto& [k, v] : entries_) c->entries_.emplace_back(k, v ? v->Clone() : nullptr);
    c->skip_filter = skip_filter;
    c->skip_score = skip_score;
    return c;
  }

  // Plugins (bit = index in the framework's Filter / Score list) whose
  // PreFilter / PreScore returned Skip in this cycle.
  uint64_t skip_filter = 0;
  uint64_t skip_score = 0;

 private:
  // A handful of plugins write state: a vector is faster than a map.
  std::vector<std::pair<std::string, std::unique_ptr<StateData>>> entries_;
};

}  // namespace kubepp::scheduler::framework

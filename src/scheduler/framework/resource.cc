#include "scheduler/framework/resource.h"

#include <algorithm>

#include "api/quantity/quantity.h"

namespace kubepp::scheduler::framework {

namespace {
auto FindScalar(std::vector<std::pair<std::string, int64_t>>& v, std::string_view name) {
  return std::lower_bound(v.begin(), v.end(), name, [](const auto& e, std::string_view n) { return e.first < n; });
}
}  // namespace

int64_t Resource::Scalar(std::string_view name) const {
  for (const auto& [n, v] : scalars) {
    if (n == name) return v;
  }
  return 0;
}

void Resource::AddScalar(std::string_view name, int64_t v) {
  auto it = FindScalar(scalars, name);
  if (it != scalars.end() && it->first == name) {
    it->second += v;
  } else {
    scalars.emplace(it, std::string(name), v);
  }
}

void Resource::SetScalarMax(std::string_view name, int64_t v) {
  auto it = FindScalar(scalars, name);
  if (it != scalars.end() && it->first == name) {
    it->second = std::max(it->second, v);
  } else {
    scalars.emplace(it, std::string(name), v);
  }
}

void Resource::Add(const Resource& r) {
  milli_cpu += r.milli_cpu;
  memory += r.memory;
  ephemeral_storage += r.ephemeral_storage;
  allowed_pods += r.allowed_pods;
  for (const auto& [n, v] : r.scalars) AddScalar(n, v);
}

void Resource::Sub(const Resource& r) {
  milli_cpu -= r.milli_cpu;
  memory -= r.memory;
  ephemeral_storage -= r.ephemeral_storage;
  allowed_pods -= r.allowed_pods;
  for (const auto& [n, v] : r.scalars) AddScalar(n, -v);
}

void Resource::SetMax(const Resource& r) {
  milli_cpu = std::max(milli_cpu, r.milli_cpu);
  memory = std::max(memory, r.memory);
  ephemeral_storage = std::max(ephemeral_storage, r.ephemeral_storage);
  allowed_pods = std::max(allowed_pods, r.allowed_pods);
  for (const auto& [n, v] : r.scalars) SetScalarMax(n, v);
}

bool IsScalarResourceName(std::string_view name) {
  if (name.starts_with("hugepages-") || name.starts_with("attachable-volumes-")) return true;
  size_t slash = name.find('/');
  if (slash == std::string_view::npos) return false;
  // Extended and prefixed native resources; "requests." is a quota prefix, not a resource.
  return !name.starts_with("requests.");
}

Resource ResourceFromList(const boost::json::object* list) {
  Resource r;
  if (list == nullptr) return r;
  for (const auto& [key, value] : *list) {
    std::string_view name = key;
    const boost::json::string* text = value.if_string();
    StatusOr<api::Quantity> q = text ? api::Quantity::Parse(*text) : StatusOr<api::Quantity>(Status::BadRequest(""));
    int64_t milli = 0, units = 0;
    if (q.ok()) {
      milli = q->MilliValue();
      units = q->Value();
    } else if (value.is_int64()) {
      units = value.get_int64();
      milli = units * 1000;
    }
    if (name == "cpu") {
      r.milli_cpu += milli;
    } else if (name == "memory") {
      r.memory += units;
    } else if (name == "ephemeral-storage") {
      r.ephemeral_storage += units;
    } else if (name == "pods") {
      r.allowed_pods += units;
    } else if (IsScalarResourceName(name)) {
      r.AddScalar(name, units);
    }
  }
  return r;
}

}  // namespace kubepp::scheduler::framework

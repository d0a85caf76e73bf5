#include "client/cache.h"

#include <mutex>

namespace kubepp::client {

Cache::Cache() {
  AddIndex(std::string(kNamespaceIndex), [](const boost::json::object& obj) {
    std::string_view ns = NamespaceOf(obj);
    return ns.empty() ? std::vector<std::string>{} : std::vector<std::string>{std::string(ns)};
  });
}

void Cache::AddIndex(std::string name, IndexFunc func) {
  std::unique_lock l(mu_);
  Index& index = indexes_[std::move(name)];
  index.func = std::move(func);
  index.keys_by_value.clear();
  for (const auto& [key, obj] : items_) {
    for (auto& v : index.func(*obj)) index.keys_by_value[v].insert(key);
  }
}

void Cache::IndexLocked(const std::string& key, const ObjectPtr& old_obj, const ObjectPtr& new_obj) {
  for (auto& [name, index] : indexes_) {
    std::vector<std::string> old_values, new_values;
    if (old_obj) old_values = index.func(*old_obj);
    if (new_obj) new_values = index.func(*new_obj);
    if (old_values == new_values) continue;  // the common case: nothing indexed changed
    for (const auto& v : old_values) {
      auto it = index.keys_by_value.find(v);
      if (it == index.keys_by_value.end()) continue;
      it->second.erase(key);
      if (it->second.empty()) index.keys_by_value.erase(it);
    }
    for (const auto& v : new_values) index.keys_by_value[v].insert(key);
  }
}

ObjectPtr Cache::Upsert(const std::string& key, ObjectPtr obj) {
  std::unique_lock l(mu_);
  auto [it, inserted] = items_.try_emplace(key, obj);
  ObjectPtr old;
  if (!inserted) {
    old = std::move(it->second);
    it->second = obj;
  }
  IndexLocked(key, old, obj);
  return old;
}

ObjectPtr Cache::Remove(const std::string& key) {
  std::unique_lock l(mu_);
  auto it = items_.find(key);
  if (it == items_.end()) return nullptr;
  ObjectPtr old = std::move(it->second);
  items_.erase(it);
  IndexLocked(key, old, nullptr);
  return old;
}

ObjectPtr Cache::Get(std::string_view key) const {
  std::shared_lock l(mu_);
  auto it = items_.find(key);
  return it == items_.end() ? nullptr : it->second;
}

std::vector<ObjectPtr> Cache::List() const {
  std::shared_lock l(mu_);
  std::vector<ObjectPtr> out;
  out.reserve(items_.size());
  for (const auto& [key, obj] : items_) out.push_back(obj);
  return out;
}

std::vector<std::string> Cache::Keys() const {
  std::shared_lock l(mu_);
  std::vector<std::string> out;
  out.reserve(items_.size());
  for (const auto& [key, obj] : items_) out.push_back(key);
  return out;
}

std::vector<ObjectPtr> Cache::ByIndex(std::string_view index, std::string_view value) const {
  std::shared_lock l(mu_);
  std::vector<ObjectPtr> out;
  auto idx = indexes_.find(index);
  if (idx == indexes_.end()) return out;
  auto keys = idx->second.keys_by_value.find(value);
  if (keys == idx->second.keys_by_value.end()) return out;
  out.reserve(keys->second.size());
  for (const auto& key : keys->second) {
    auto it = items_.find(key);
    if (it != items_.end()) out.push_back(it->second);
  }
  return out;
}

size_t Cache::Size() const {
  std::shared_lock l(mu_);
  return items_.size();
}

}  // namespace kubepp::client

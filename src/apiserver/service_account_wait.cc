#include "apiserver/service_account_wait.h"

#include <random>

#include "api/resources/catalog.h"
#include "apiserver/registry.h"

namespace kubepp::apiserver {
namespace {

constexpr int kDefaultAttempts = 10;  // the first lookup included

std::chrono::milliseconds RetryInterval() {
  thread_local std::mt19937 rng{std::random_device{}()};
  return std::chrono::milliseconds(100 + std::uniform_int_distribution<int>(0, 99)(rng));
}

}  // namespace

ServiceAccountWaiter::ServiceAccountWaiter(store::Store* store) : store_(store) {}

ServiceAccountWaiter::~ServiceAccountWaiter() {
  std::vector<Held> left;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(mu_);
    left.swap(held_);
  }
  for (auto& h : left) h.then();
}

bool ServiceAccountWaiter::Exists(const std::string& key) const {
  store::RangeRequest req;
  req.key = key;
  req.count_only = true;
  auto resp = store_->Range(req);
  // A store error is not for this waiter to judge: admission reads again and reports it.
  return !resp.ok() || resp->count > 0;
}

void ServiceAccountWaiter::WhenExists(const std::string& ns, const std::string& name, std::function<void()> then) {
  const auto* r = api::Catalog::Get().Find("", "v1", "serviceaccounts");
  std::string key = Registry::Key(*r, ns, name);
  if (name != "default" || Exists(key)) return then();
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      held_.push_back(Held{key, kDefaultAttempts - 1, std::chrono::steady_clock::now() + RetryInterval(),
                           std::move(then)});
      if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
      cv_.notify_all();
      return;
    }
  }
  then();
}

void ServiceAccountWaiter::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (held_.empty()) {
      cv_.wait(lock);
      continue;
    }
    auto next = held_.front().next_check;
    for (const auto& h : held_) next = std::min(next, h.next_check);
    if (cv_.wait_until(lock, next, [this] { return stopping_; })) break;
    auto now = std::chrono::steady_clock::now();
    std::vector<Held> due;
    for (auto it = held_.begin(); it != held_.end();) {
      if (it->next_check <= now) {
        due.push_back(std::move(*it));
        it = held_.erase(it);
      } else {
        ++it;
      }
    }
    lock.unlock();
    std::vector<Held> again;
    for (auto& h : due) {
      if (--h.attempts_left > 0 && !Exists(h.key)) {
        h.next_check = std::chrono::steady_clock::now() + RetryInterval();
        again.push_back(std::move(h));
      } else {
        h.then();
      }
    }
    lock.lock();
    for (auto& h : again) held_.push_back(std::move(h));
  }
}

}  // namespace kubepp::apiserver

// InformerFactoryImpl: one SharedInformer per (resource, namespace,
// selectors), created on first request and started with the factory.
#include <map>

#include "client/informer.h"
#include "client/shared_informer.h"

namespace kubepp::client {
namespace {

class InformerFactoryImpl : public InformerFactory {
 public:
  InformerFactoryImpl(ApiClient& client, Clock& clock) : client_(client), clock_(clock) {}
  ~InformerFactoryImpl() override { Stop(); }

  Informer& For(const Resource& r, const InformerOptions& options) override {
    std::string key = r.group + "/" + r.version + "/" + r.resource + "|" + options.namespace_ + "|" +
                      options.label_selector + "|" + options.field_selector;
    std::lock_guard<std::mutex> l(mu_);
    auto it = informers_.find(key);
    if (it != informers_.end()) return *it->second;
    auto informer = std::make_unique<SharedInformer>(client_, clock_, r, options, [this] {
      // No lock: WaitForSync re-checks every few ms anyway, and taking
      // sync_mu_ here could deadlock with a Stop() joining this thread.
      sync_cv_.notify_all();
    });
    SharedInformer& ref = *informer;
    informers_.emplace(std::move(key), std::move(informer));
    if (started_) ref.Start();
    return ref;
  }

  void Start() override {
    std::lock_guard<std::mutex> l(mu_);
    started_ = true;
    for (auto& [key, informer] : informers_) informer->Start();
  }

  // Waits in real time: it waits for the network, not for anything the
  // Clock models, so a test on a FakeClock cannot hang here.
  bool WaitForSync(Clock::Duration timeout) override {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock<std::mutex> l(sync_mu_);
    while (!AllSynced()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      // A short cap as a backstop: on_synced may race with this check.
      sync_cv_.wait_for(l, std::chrono::milliseconds(20));
    }
    return true;
  }

  void Stop() override {
    std::lock_guard<std::mutex> l(mu_);
    for (auto& [key, informer] : informers_) informer->Stop();
  }

 private:
  bool AllSynced() {
    std::lock_guard<std::mutex> l(mu_);
    for (auto& [key, informer] : informers_) {
      if (!informer->HasSynced()) return false;
    }
    return true;
  }

  ApiClient& client_;
  Clock& clock_;
  std::mutex mu_;  // lock order: sync_mu_ before mu_
  // Guarded by mu_.
  std::map<std::string, std::unique_ptr<SharedInformer>> informers_;
  bool started_ = false;
  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
};

}  // namespace

std::unique_ptr<InformerFactory> InformerFactory::Create(ApiClient& client, Clock& clock) {
  return std::make_unique<InformerFactoryImpl>(client, clock);
}

}  // namespace kubepp::client

#include "controllers/manager.h"

#include <unistd.h>

#include <random>

#include "base/log.h"

namespace kubepp::controllers {

namespace {

// Upstream accepts each controller's full name ("deployment-controller") and its alias ("deployment").
std::string_view Canonical(std::string_view name) {
  constexpr std::string_view kSuffix = "-controller";
  if (name.size() > kSuffix.size() && name.substr(name.size() - kSuffix.size()) == kSuffix) {
    name.remove_suffix(kSuffix.size());
  }
  return name;
}

}  // namespace

bool IsControllerEnabled(std::string_view name, bool enabled_by_default, const std::vector<std::string>& controllers) {
  bool star = false;
  name = Canonical(name);
  for (const std::string& c : controllers) {
    std::string_view entry = c;
    if (entry == "*") {
      star = true;
      continue;
    }
    bool negated = !entry.empty() && entry[0] == '-';
    if (negated) entry.remove_prefix(1);
    if (Canonical(entry) == name) return !negated;
  }
  return star && enabled_by_default;
}

Status ValidateControllers(const std::vector<std::string>& controllers,
                           const std::vector<ControllerRegistration>& known) {
  for (const std::string& c : controllers) {
    if (c == "*") continue;
    std::string_view name = c;
    if (!name.empty() && name[0] == '-') name.remove_prefix(1);
    bool found = false;
    for (const auto& reg : known) found = found || Canonical(reg.name) == Canonical(name);
    if (!found) return Status::BadRequest("\"" + std::string(name) + "\" is not in the list of known controllers");
  }
  return Status::Ok();
}

namespace {

std::string DefaultIdentity() {
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) != 0) std::snprintf(host, sizeof(host), "localhost");
  std::random_device rd;
  std::mt19937_64 gen(rd());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string suffix;
  for (int i = 0; i < 32; ++i) suffix.push_back(kHex[gen() % 16]);
  // The shape of a uuid, as upstream's "<hostname>_<uuid>".
  for (int pos : {8, 13, 18, 23}) suffix.insert(pos, "-");
  return std::string(host) + "_" + suffix;
}

}  // namespace

StatusOr<std::unique_ptr<ControllerManager>> ControllerManager::Create(
    client::ApiClient& client, ControllerManagerConfig config, Clock& clock,
    const std::vector<ControllerRegistration>* registrations, client::InformerFactory* shared_informers) {
  const std::vector<ControllerRegistration>& all = registrations ? *registrations : AllControllers();
  KUBEPP_RETURN_IF_ERROR(ValidateControllers(config.controllers, all));
  std::vector<ControllerRegistration> enabled;
  for (const auto& reg : all) {
    if (IsControllerEnabled(reg.name, reg.enabled_by_default, config.controllers)) {
      enabled.push_back(reg);
    } else {
      VLOG(1) << "controller \"" << reg.name << "\" is disabled";
    }
  }
  return std::unique_ptr<ControllerManager>(
      new ControllerManager(client, std::move(config), clock, std::move(enabled), shared_informers));
}

ControllerManager::ControllerManager(client::ApiClient& client, ControllerManagerConfig config, Clock& clock,
                                     std::vector<ControllerRegistration> registrations,
                                     client::InformerFactory* shared_informers)
    : client_(client),
      config_(std::move(config)),
      clock_(clock),
      enabled_(std::move(registrations)),
      recorders_(client_, clock_) {
  if (shared_informers != nullptr) {
    informers_ = shared_informers;
  } else {
    owned_informers_ = client::InformerFactory::Create(client_, clock_);
    informers_ = owned_informers_.get();
  }
  context_.reset(new ControllerContext{client_, *informers_, clock_, config_.options,
                                       [this](std::string_view component) -> client::EventRecorder& {
                                         return recorders_.For(component);
                                       }});
}

ControllerManager::~ControllerManager() {
  Stop();
  std::lock_guard lock(mu_);
  controllers_.clear();
  retired_.clear();
}

std::vector<std::string> ControllerManager::EnabledControllers() const {
  std::vector<std::string> out;
  for (const auto& reg : enabled_) out.push_back(reg.name);
  return out;
}

Status ControllerManager::Start() {
  if (!config_.leader_elect) return RunControllers();
  client::LeaderElectionConfig le = config_.leader_election;
  if (le.lease_name.empty()) le.lease_name = "kube-controller-manager";
  if (le.lease_namespace.empty()) le.lease_namespace = "kube-system";
  le.identity = config_.leader_identity.empty() ? DefaultIdentity() : config_.leader_identity;
  KLOG(INFO) << "attempting to acquire leader lease " << le.lease_namespace << "/" << le.lease_name << " as "
             << le.identity;
  le.on_started_leading = [this] {
    KLOG(INFO) << "started leading; starting controllers";
    Status st = RunControllers();
    if (!st.ok()) KLOG(ERROR) << "controllers failed to start: " << st.ToString();
  };
  le.on_stopped_leading = [this] {
    bool was_running = running_.load();
    bool stopping = false;
    {
      std::lock_guard lock(mu_);
      stopping = stopping_;
    }
    StopControllers();
    // Giving the lease up in Stop() is not losing it.
    if (was_running && !stopping) {
      KLOG(ERROR) << "leaderelection lost";
      if (config_.on_lost_leadership) config_.on_lost_leadership();
    }
  };
  le.on_new_leader = [identity = le.identity](const std::string& leader) {
    if (leader != identity) KLOG(INFO) << "new leader elected: " << leader;
  };
  elector_ = client::LeaderElector::Create(client_, std::move(le), clock_);
  elector_->Run();
  return Status::Ok();
}

Status ControllerManager::RunControllers() {
  uint64_t epoch = 0;
  {
    std::lock_guard lock(mu_);
    if (stopping_ || started_) return Status::Ok();
    started_ = true;
    epoch = epoch_;
    // Controllers ask for their informers and add handlers before the factory starts.
    for (const auto& reg : enabled_) {
      std::unique_ptr<Controller> c = reg.create(*context_);
      if (c == nullptr) {
        KLOG(WARNING) << "controller \"" << reg.name << "\" is not available; skipping";
        continue;
      }
      VLOG(1) << "created controller \"" << reg.name << "\"";
      controllers_.push_back(std::move(c));
    }
  }
  if (owned_informers_) owned_informers_->Start();
  // Wait for the caches, in slices so that a Stop() or a lost lease meanwhile is noticed.
  for (int waited = 0;; ++waited) {
    if (informers_->WaitForSync(std::chrono::seconds(1))) break;
    std::lock_guard lock(mu_);
    if (stopping_ || epoch_ != epoch) return Status::Ok();
    if (waited % 30 == 29) KLOG(WARNING) << "still waiting for informer caches to sync";
  }
  std::lock_guard lock(mu_);
  if (stopping_ || epoch_ != epoch) return Status::Ok();
  for (auto& c : controllers_) c->Start();
  running_ = true;
  KLOG(INFO) << "started " << controllers_.size() << " controllers";
  return Status::Ok();
}

void ControllerManager::StopControllers() {
  std::vector<std::unique_ptr<Controller>> stopping;
  {
    std::lock_guard lock(mu_);
    stopping.swap(controllers_);
    // A leader that lost the lease may win it again: then fresh controllers start.
    started_ = false;
    ++epoch_;
  }
  running_ = false;
  for (auto it = stopping.rbegin(); it != stopping.rend(); ++it) (*it)->Stop();
  std::lock_guard lock(mu_);
  for (auto& c : stopping) retired_.push_back(std::move(c));
}

void ControllerManager::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  if (elector_) elector_->Stop();
  StopControllers();
  if (owned_informers_) owned_informers_->Stop();
  recorders_.Flush();
}

}  // namespace kubepp::controllers

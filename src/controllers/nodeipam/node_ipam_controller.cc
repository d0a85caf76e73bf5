// The node IPAM controller: one worker (allocation decisions are serial),
// one key per node. The taken set is rebuilt from the cache on the first
// sync and kept current by the node handlers.
#include <mutex>

#include <boost/json/serialize.hpp>

#include "base/log.h"
#include "client/informer.h"
#include "controllers/nodeipam/cidr_set.h"
#include "controllers/nodeipam/nodeipam.h"
#include "controllers/util/keyed_controller.h"
#include "controllers/util/object_fields.h"

namespace kubepp::controllers {
namespace {

const client::Resource& Nodes() {
  static const client::Resource r = client::Resource::Of("", "nodes");
  return r;
}

std::string_view PodCidrOf(const boost::json::object& node) { return util::StringAt(node, {"spec", "podCIDR"}); }

class Allocator {
 public:
  Allocator(ControllerContext& ctx, client::Informer& nodes, std::optional<CidrSet> cidrs)
      : client_(ctx.client), recorder_(ctx.recorder("cidrAllocator")), nodes_(nodes), cidrs_(std::move(cidrs)) {}

  void Occupy(std::string_view cidr) {
    std::lock_guard lock(mu_);
    if (cidrs_ && !cidr.empty()) cidrs_->Occupy(cidr);
  }
  void Release(std::string_view cidr) {
    std::lock_guard lock(mu_);
    if (cidrs_ && !cidr.empty()) cidrs_->Release(cidr);
  }

  Status Sync(const std::string& name) {
    if (!cidrs_) return Status::Ok();
    {
      std::lock_guard lock(mu_);
      if (!rebuilt_) {
        for (const auto& n : nodes_.List()) {
          if (auto c = PodCidrOf(*n); !c.empty()) cidrs_->Occupy(c);
        }
        rebuilt_ = true;
      }
    }
    auto node = nodes_.Get(name);
    if (!node || util::HasDeletionTimestamp(*node)) return Status::Ok();
    if (auto c = PodCidrOf(*node); !c.empty()) {
      Occupy(c);
      return Status::Ok();
    }
    std::optional<std::string> cidr;
    {
      std::lock_guard lock(mu_);
      cidr = cidrs_->AllocateNext();
    }
    if (!cidr) {
      recorder_.Event(*node, "Normal", "CIDRNotAvailable", "Node " + name + " status is now: CIDRNotAvailable");
      return Status::ServiceUnavailable("no pod CIDR left for node " + name);
    }
    boost::json::object patch{
        {"spec", boost::json::object{{"podCIDR", *cidr}, {"podCIDRs", boost::json::array{boost::json::value(*cidr)}}}}};
    auto patched = client_.Patch(Nodes(), "", name, client::PatchType::kMerge, boost::json::serialize(patch));
    if (!patched.ok()) {
      Release(*cidr);
      return patched.status().IsNotFound() ? Status::Ok() : patched.status();
    }
    // Someone else set a different CIDR first: ours goes back.
    if (PodCidrOf(**patched) != *cidr) Release(*cidr);
    KLOG(INFO) << "nodeipam: node " << name << " gets pod CIDR " << PodCidrOf(**patched);
    return Status::Ok();
  }

 private:
  client::ApiClient& client_;
  client::EventRecorder& recorder_;
  client::Informer& nodes_;
  std::mutex mu_;
  std::optional<CidrSet> cidrs_;  // guarded by mu_; nullopt: allocation off
  bool rebuilt_ = false;          // guarded by mu_
};

std::unique_ptr<Controller> CreateNodeIpamController(ControllerContext& ctx) {
  auto& nodes = ctx.informers.For(Nodes());
  std::optional<CidrSet> cidrs;
  if (ctx.options.allocate_node_cidrs) {
    auto created = CidrSet::Create(ctx.options.cluster_cidr, ctx.options.node_cidr_mask_size);
    if (created.ok()) {
      cidrs = std::move(*created);
    } else {
      KLOG(ERROR) << "nodeipam: " << created.status().message() << "; pod CIDRs are not allocated";
    }
  }
  auto allocator = std::make_shared<Allocator>(ctx, nodes, std::move(cidrs));
  ControllerContext one_worker = ctx;
  one_worker.options.concurrent_syncs = 1;
  auto controller = std::make_unique<KeyedController>("nodeipam", one_worker, std::vector<client::Informer*>{&nodes},
                                                      [allocator](const std::string& name) { return allocator->Sync(name); });
  auto queue = controller->queue();
  nodes.AddEventHandler({
      .on_add = [queue](const client::ObjectPtr& n) { queue->Add(std::string(client::NameOf(*n))); },
      .on_update = [queue, allocator](const client::ObjectPtr& old_node, const client::ObjectPtr& n) {
        if (PodCidrOf(*old_node) != PodCidrOf(*n)) allocator->Release(PodCidrOf(*old_node));
        queue->Add(std::string(client::NameOf(*n)));
      },
      .on_delete = [allocator](const client::ObjectPtr& n) { allocator->Release(PodCidrOf(*n)); },
  });
  return controller;
}

}  // namespace

ControllerRegistration MakeNodeIpamRegistration() {
  return {.name = "nodeipam", .enabled_by_default = true, .create = CreateNodeIpamController};
}

}  // namespace kubepp::controllers

// "nodeipam": gives every Node a pod CIDR — the next free subnet of
// node_cidr_mask_size bits carved from cluster_cidr — written to
// spec.podCIDR and spec.podCIDRs, as upstream's range allocator does (IPv4).
// It keeps no state of its own: what is taken is rebuilt from the nodes'
// spec.podCIDR at start, so a restart never hands out a subnet twice.
// Does nothing when allocate_node_cidrs is false.
#pragma once

#include "controllers/controller.h"

namespace kubepp::controllers {

ControllerRegistration MakeNodeIpamRegistration();

}  // namespace kubepp::controllers

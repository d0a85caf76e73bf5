// Binding: how a pod is assigned to a node, as upstream's BindingREST. A POST of a v1 Binding to
// pods/<name>/binding (or, the older way, to the namespace's bindings collection, naming the
// pod in the Binding's metadata.name):
//
//  * the Binding's metadata.name must be the pod's (400 otherwise), its target.kind empty or
//    "Node" and its target.name set; upstream reports these two as an unclassified error
//    (500, no reason), and so does kubepp;
//  * the pod must not be bound already nor terminating (409);
//  * the pod gets spec.nodeName, the Binding's annotations, and its PodScheduled condition set
//    to True (lastTransitionTime kept when it was True already), all in one write;
//  * the answer is a Status Success with code 201.
//
// Thread safety: stateless; the registry serializes writes per object.
#pragma once

#include <memory>
#include <string>

#include "api/resources/catalog.h"
#include "apiserver/registry.h"
#include "apiserver/request_info.h"
#include "net/http.h"

namespace kubepp::apiserver {

// `pods` is the pods resource. `name` is the pod named by the URL, or empty for the bindings
// collection (the Binding names it).
void HandleBinding(Registry& registry, const api::ResourceInfo& pods, const std::string& ns,
                   const std::string& name, bool dry_run, const net::HttpRequest& req,
                   std::shared_ptr<net::Responder> out);

}  // namespace kubepp::apiserver

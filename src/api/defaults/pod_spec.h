// Defaults of the pod spec and its parts (containers, probes, volumes), as
// upstream's core/v1 SetDefaults_PodSpec, _Container, _Probe, _Volume and
// the volume-source defaulters. Written once and used for a Pod and for every
// kind that embeds a pod template (Deployment, Job, PodTemplate, ...).
//
// Pod-only defaults (enableServiceLinks, requests from limits, host-network
// ports) are in DefaultPodOnly: upstream applies them to Pods, never to
// templates.
// Thread safety: pure functions on caller-owned values.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

namespace kubepp::api::defaults {

// `spec` is a PodSpec object.
void DefaultPodSpec(boost::json::object& spec);
// `tmpl` is a PodTemplateSpec ({metadata, spec}); its spec is created when
// absent, as Go's non-pointer field always exists.
void DefaultPodTemplate(boost::json::object& tmpl);
// The Pod-level defaults beyond DefaultPodSpec; `spec` is the Pod's spec.
void DefaultPodOnly(boost::json::object& spec);

void DefaultContainer(boost::json::object& container);
void DefaultProbe(boost::json::object& probe);
void DefaultVolume(boost::json::object& volume);
// A PersistentVolumeClaimSpec (also inside ephemeral volumes and StatefulSet
// volumeClaimTemplates).
void DefaultPersistentVolumeClaimSpec(boost::json::object& spec);

// The pull policy upstream picks when none is given: Always for ":latest" or
// an untagged, undigested image; IfNotPresent otherwise (also for an image
// name that does not parse, which validation rejects later).
std::string_view DefaultImagePullPolicy(std::string_view image);

}  // namespace kubepp::api::defaults

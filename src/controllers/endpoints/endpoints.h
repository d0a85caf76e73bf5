// "endpoint": keeps the core/v1 Endpoints object of every Service with a
// selector equal to the pods it selects. Ready pods (or every pod, with
// spec.publishNotReadyAddresses) are addresses, the others
// notReadyAddresses; each address carries its pod as targetRef, its node
// and, for a pod whose subdomain names the Service, its hostname. Named
// targetPorts resolve per pod, so subsets group addresses by the ports they
// resolved to. Over 1000 addresses the list is cut (not-ready ones first)
// and annotated endpoints.kubernetes.io/over-capacity=truncated. Services
// without a selector are left alone; a deleted Service's Endpoints are
// deleted.
#pragma once

#include "controllers/controller.h"

namespace kubepp::controllers {

ControllerRegistration MakeEndpointsRegistration();

// The annotation both endpoints controllers stamp with the time of the
// change that caused a write.
inline constexpr std::string_view kLastChangeTriggerTime = "endpoints.kubernetes.io/last-change-trigger-time";
inline constexpr std::string_view kHeadlessLabel = "service.kubernetes.io/headless";

}  // namespace kubepp::controllers

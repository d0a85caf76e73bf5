// The controllers kubepp runs, in start order, under upstream's names. One
// line per controller.
#include "controllers/controller.h"
#include "controllers/cronjob/cronjob_controller.h"
#include "controllers/daemon/daemon_controller.h"
#include "controllers/deployment/deployment_controller.h"
#include "controllers/disruption/disruption_controller.h"
#include "controllers/endpoints/endpoints.h"
#include "controllers/endpointslice/endpointslice.h"
#include "controllers/endpointslicemirroring/endpointslicemirroring.h"
#include "controllers/garbagecollector/garbagecollector.h"
#include "controllers/job/job_controller.h"
#include "controllers/namespace/namespace.h"
#include "controllers/nodeipam/nodeipam.h"
#include "controllers/nodelifecycle/nodelifecycle.h"
#include "controllers/podautoscaler/horizontal.h"
#include "controllers/podgc/podgc.h"
#include "controllers/replicaset/replicaset_controller.h"
#include "controllers/resourcequota/resourcequota_controller.h"
#include "controllers/serviceaccount/serviceaccount.h"
#include "controllers/statefulset/statefulset_controller.h"
#include "controllers/ttlafterfinished/ttl_after_finished_controller.h"
#include "controllers/volume/persistentvolume/pv_controller.h"

namespace kubepp::controllers {

const std::vector<ControllerRegistration>& AllControllers() {
  static const std::vector<ControllerRegistration> kAll = {
      MakeServiceAccountTokenRegistration(),
      MakeServiceAccountRegistration(),
      MakeRootCaCertPublisherRegistration(),
      MakeNamespaceRegistration(),
      MakeGarbageCollectorRegistration(),
      MakeNodeIpamRegistration(),
      MakeNodeLifecycleRegistration(),
      MakeEndpointsRegistration(),
      MakeEndpointSliceRegistration(),
      MakeEndpointSliceMirroringRegistration(),
      MakePodGcRegistration(),
      {"replicaset", true, replicaset::NewReplicaSetController},
      {"replicationcontroller", true, replicaset::NewReplicationManager},
      {"deployment", true, deployment::NewDeploymentController},
      {"daemonset", true, daemon::NewDaemonSetController},
      {"statefulset", true, statefulset::NewStatefulSetController},
      {"job", true, job::NewJobController},
      {"cronjob", true, cronjob::NewCronJobController},
      {"ttl-after-finished", true, ttlafterfinished::NewTtlAfterFinishedController},
      {"resourcequota", true, resourcequota::NewResourceQuotaController},
      {"disruption", true, disruption::NewDisruptionController},
      {"persistentvolume-binder", true, volume::NewPersistentVolumeBinder},
      {"horizontalpodautoscaling", true, podautoscaler::NewHorizontalController},
  };
  return kAll;
}

}  // namespace kubepp::controllers

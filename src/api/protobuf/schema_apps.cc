// Protobuf schema table: apps/v1 and batch/v1.
// The notation is described in schema.h. Field numbers are on the wire of
// every Kubernetes client: DO NOT CHANGE them.
#include "api/protobuf/schema_text.h"

namespace kubepp::api::protobuf {

const char kSchemaApps[] = R"schema(
@apps apps/v1
!ControllerRevision metadata=1:meta.ObjectMeta? data=2:rt.RawExtension? revision=3:l
!ControllerRevisionList metadata=1:meta.ListMeta? items=2:ControllerRevision+
!DaemonSet metadata=1:meta.ObjectMeta? spec=2:DaemonSetSpec? status=3:DaemonSetStatus?
DaemonSetCondition type=1:s status=2:s lastTransitionTime=3:meta.Time? reason=4:s? message=5:s?
!DaemonSetList metadata=1:meta.ListMeta? items=2:DaemonSet+
DaemonSetSpec selector=1:meta.LabelSelector* template=2:core.PodTemplateSpec updateStrategy=3:DaemonSetUpdateStrategy? minReadySeconds=4:i? revisionHistoryLimit=6:i*?
DaemonSetStatus currentNumberScheduled=1:i numberMisscheduled=2:i desiredNumberScheduled=3:i numberReady=4:i observedGeneration=5:l? updatedNumberScheduled=6:i? numberAvailable=7:i? numberUnavailable=8:i? collisionCount=9:i*? conditions=10:DaemonSetCondition+?
DaemonSetUpdateStrategy type=1:s? rollingUpdate=2:RollingUpdateDaemonSet*?
!Deployment metadata=1:meta.ObjectMeta? spec=2:DeploymentSpec? status=3:DeploymentStatus?
DeploymentCondition type=1:s status=2:s lastUpdateTime=6:meta.Time? lastTransitionTime=7:meta.Time? reason=4:s? message=5:s?
!DeploymentList metadata=1:meta.ListMeta? items=2:Deployment+
DeploymentSpec replicas=1:i*? selector=2:meta.LabelSelector* template=3:core.PodTemplateSpec strategy=4:DeploymentStrategy? minReadySeconds=5:i? revisionHistoryLimit=6:i*? paused=7:t? progressDeadlineSeconds=9:i*?
DeploymentStatus observedGeneration=1:l? replicas=2:i? updatedReplicas=3:i? readyReplicas=7:i? availableReplicas=4:i? unavailableReplicas=5:i? conditions=6:DeploymentCondition+? collisionCount=8:i*?
DeploymentStrategy type=1:s? rollingUpdate=2:RollingUpdateDeployment*?
!ReplicaSet metadata=1:meta.ObjectMeta? spec=2:ReplicaSetSpec? status=3:ReplicaSetStatus?
ReplicaSetCondition type=1:s status=2:s lastTransitionTime=3:meta.Time? reason=4:s? message=5:s?
!ReplicaSetList metadata=1:meta.ListMeta? items=2:ReplicaSet+
ReplicaSetSpec replicas=1:i*? minReadySeconds=4:i? selector=2:meta.LabelSelector* template=3:core.PodTemplateSpec?
ReplicaSetStatus replicas=1:i fullyLabeledReplicas=2:i? readyReplicas=4:i? availableReplicas=5:i? observedGeneration=3:l? conditions=6:ReplicaSetCondition+?
RollingUpdateDaemonSet maxUnavailable=1:intstr.IntOrString*? maxSurge=2:intstr.IntOrString*?
RollingUpdateDeployment maxUnavailable=1:intstr.IntOrString*? maxSurge=2:intstr.IntOrString*?
RollingUpdateStatefulSetStrategy partition=1:i*? maxUnavailable=2:intstr.IntOrString*?
!StatefulSet metadata=1:meta.ObjectMeta? spec=2:StatefulSetSpec? status=3:StatefulSetStatus?
StatefulSetCondition type=1:s status=2:s lastTransitionTime=3:meta.Time? reason=4:s? message=5:s?
!StatefulSetList metadata=1:meta.ListMeta? items=2:StatefulSet+
StatefulSetOrdinals start=1:i
StatefulSetPersistentVolumeClaimRetentionPolicy whenDeleted=1:s? whenScaled=2:s?
StatefulSetSpec replicas=1:i*? selector=2:meta.LabelSelector* template=3:core.PodTemplateSpec volumeClaimTemplates=4:core.PersistentVolumeClaim+? serviceName=5:s podManagementPolicy=6:s? updateStrategy=7:StatefulSetUpdateStrategy? revisionHistoryLimit=8:i*? minReadySeconds=9:i? persistentVolumeClaimRetentionPolicy=10:StatefulSetPersistentVolumeClaimRetentionPolicy*? ordinals=11:StatefulSetOrdinals*?
StatefulSetStatus observedGeneration=1:l? replicas=2:i readyReplicas=3:i? currentReplicas=4:i? updatedReplicas=5:i? currentRevision=6:s? updateRevision=7:s? collisionCount=9:i*? conditions=10:StatefulSetCondition+? availableReplicas=11:i
StatefulSetUpdateStrategy type=1:s? rollingUpdate=2:RollingUpdateStatefulSetStrategy*?
@batch batch/v1
!CronJob metadata=1:meta.ObjectMeta? spec=2:CronJobSpec? status=3:CronJobStatus?
!CronJobList metadata=1:meta.ListMeta? items=2:CronJob+
CronJobSpec schedule=1:s timeZone=8:s*? startingDeadlineSeconds=2:l*? concurrencyPolicy=3:s? suspend=4:t*? jobTemplate=5:JobTemplateSpec successfulJobsHistoryLimit=6:i*? failedJobsHistoryLimit=7:i*?
CronJobStatus active=1:core.ObjectReference+? lastScheduleTime=4:meta.Time*? lastSuccessfulTime=5:meta.Time*?
!Job metadata=1:meta.ObjectMeta? spec=2:JobSpec? status=3:JobStatus?
JobCondition type=1:s status=2:s lastProbeTime=3:meta.Time? lastTransitionTime=4:meta.Time? reason=5:s? message=6:s?
!JobList metadata=1:meta.ListMeta? items=2:Job+
JobSpec parallelism=1:i*? completions=2:i*? activeDeadlineSeconds=3:l*? podFailurePolicy=11:PodFailurePolicy*? successPolicy=16:SuccessPolicy*? backoffLimit=7:i*? backoffLimitPerIndex=12:i*? maxFailedIndexes=13:i*? selector=4:meta.LabelSelector*? manualSelector=5:t*? template=6:core.PodTemplateSpec ttlSecondsAfterFinished=8:i*? completionMode=9:s*? suspend=10:t*? podReplacementPolicy=14:s*? managedBy=15:s*?
JobStatus conditions=1:JobCondition+? startTime=2:meta.Time*? completionTime=3:meta.Time*? active=4:i? succeeded=5:i? failed=6:i? terminating=11:i*? completedIndexes=7:s? failedIndexes=10:s*? uncountedTerminatedPods=8:UncountedTerminatedPods*? ready=9:i*?
JobTemplateSpec metadata=1:meta.ObjectMeta? spec=2:JobSpec?
PodFailurePolicy rules=1:PodFailurePolicyRule+
PodFailurePolicyOnExitCodesRequirement containerName=1:s*? operator=2:s values=3:i+
PodFailurePolicyOnPodConditionsPattern type=1:s status=2:s
PodFailurePolicyRule action=1:s onExitCodes=2:PodFailurePolicyOnExitCodesRequirement*? onPodConditions=3:PodFailurePolicyOnPodConditionsPattern+?
SuccessPolicy rules=1:SuccessPolicyRule+
SuccessPolicyRule succeededIndexes=1:s*? succeededCount=2:i*?
UncountedTerminatedPods succeeded=1:s+? failed=2:s+?
)schema";

}  // namespace kubepp::api::protobuf

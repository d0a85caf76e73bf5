// Schema text (see schema_model.h) for workloads: apps/v1, batch/v1, autoscaling v1 and v2, policy/v1.
// Field names, types and extensions follow upstream v1.32's API types;
// descriptions are kubepp's own.
#include "api/openapi/schema_text.h"

namespace kubepp::api::openapi {

std::vector<std::string_view> SchemaTextApps() {
  return {
      R"dsl(
# apps/v1
type apps.ControllerRevision gvk=apps/v1/ControllerRevision | A ControllerRevision is an immutable snapshot of state, used by DaemonSets and StatefulSets for history.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  data runtime.RawExtension
  revision int64 !
type apps.ControllerRevisionList gvk=apps/v1/ControllerRevisionList | A list of ControllerRevision objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []apps.ControllerRevision ! | The objects of the list.
type apps.DaemonSet gvk=apps/v1/DaemonSet | A DaemonSet runs one copy of a pod on every (selected) node.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec apps.DaemonSetSpec | The desired state of the object, written by its users.
  status apps.DaemonSetStatus | The most recently observed state of the object, written by the system. Read-only for users.
type apps.DaemonSetCondition
  type string !
  status string !
  lastTransitionTime meta.Time
  reason string
  message string
type apps.DaemonSetList gvk=apps/v1/DaemonSetList | A list of DaemonSet objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []apps.DaemonSet ! | The objects of the list.
type apps.DaemonSetSpec
  selector meta.LabelSelector ! | A label query over the pods (or other objects) this object manages.
  template core.PodTemplateSpec ! | The pod template new pods are made from.
  updateStrategy apps.DaemonSetUpdateStrategy | How pods are replaced when the template changes.
  minReadySeconds int32 | Seconds a new pod must be ready, without any container crashing, before it counts as available. Defaults to 0.
  revisionHistoryLimit int32 | How many old revisions to keep to allow rollbacks.
type apps.DaemonSetStatus
  currentNumberScheduled int32 !
  numberMisscheduled int32 !
  desiredNumberScheduled int32 !
  numberReady int32 !
  observedGeneration int64 | The metadata.generation this status was computed for.
  updatedNumberScheduled int32
  numberAvailable int32
  numberUnavailable int32
  collisionCount int32
  conditions []apps.DaemonSetCondition ps=merge pk=type lt=map lk=type | The latest observations of the object's state, one per condition type.
type apps.DaemonSetUpdateStrategy
  type string enum=RollingUpdate,OnDelete | RollingUpdate (the default) or OnDelete.
  rollingUpdate apps.RollingUpdateDaemonSet
type apps.Deployment gvk=apps/v1/Deployment | A Deployment declares the desired state of a replicated application; its controller rolls ReplicaSets to reach it.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec apps.DeploymentSpec | The desired state of the object, written by its users.
  status apps.DeploymentStatus | The most recently observed state of the object, written by the system. Read-only for users.
type apps.DeploymentCondition
  type string !
  status string !
  lastUpdateTime meta.Time
  lastTransitionTime meta.Time
  reason string
  message string
type apps.DeploymentList gvk=apps/v1/DeploymentList | A list of Deployment objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []apps.Deployment ! | The objects of the list.
type apps.DeploymentSpec | The desired state of a Deployment.
  replicas int32 | How many pods to run. Defaults to 1.
  selector meta.LabelSelector ! | The label query over pods the Deployment manages; it must match the template's labels. Immutable in apps/v1.
  template core.PodTemplateSpec ! | The pod template; changing it starts a rollout.
  strategy apps.DeploymentStrategy ps=retainKeys | How existing pods are replaced by new ones.
  minReadySeconds int32 | Seconds a new pod must be ready, without any container crashing, before it counts as available. Defaults to 0.
  revisionHistoryLimit int32 | How many old ReplicaSets to keep to allow rollbacks. Defaults to 10.
  paused bool | When true, changes to the template do not start a rollout.
  progressDeadlineSeconds int32 | Seconds a rollout may go without progress before it is reported as failed. Defaults to 600.
type apps.DeploymentStatus | The observed state of a Deployment.
  observedGeneration int64 | The metadata.generation this status was computed for.
  replicas int32 | Pods targeted by the Deployment (their labels match its selector).
  updatedReplicas int32 | Pods that run the current template.
  readyReplicas int32 | Pods whose Ready condition is true.
  availableReplicas int32 | Pods ready for at least minReadySeconds.
  unavailableReplicas int32 | Pods still needed for the Deployment to be fully available.
  conditions []apps.DeploymentCondition ps=merge pk=type lt=map lk=type | The latest observations of the object's state, one per condition type.
  collisionCount int32
type apps.DeploymentStrategy | How a Deployment replaces its pods.
  type string enum=Recreate,RollingUpdate | Recreate (remove all old pods first) or RollingUpdate (the default).
  rollingUpdate apps.RollingUpdateDeployment | Parameters of a rolling update; only with type RollingUpdate.
type apps.ReplicaSet gvk=apps/v1/ReplicaSet | A ReplicaSet keeps a number of identical pods running.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec apps.ReplicaSetSpec | The desired state of the object, written by its users.
  status apps.ReplicaSetStatus | The most recently observed state of the object, written by the system. Read-only for users.
type apps.ReplicaSetCondition
  type string !
  status string !
  lastTransitionTime meta.Time
  reason string
  message string
type apps.ReplicaSetList gvk=apps/v1/ReplicaSetList | A list of ReplicaSet objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []apps.ReplicaSet ! | The objects of the list.
type apps.ReplicaSetSpec
  replicas int32 | How many pods to run. Defaults to 1.
  minReadySeconds int32 | Seconds a new pod must be ready, without any container crashing, before it counts as available. Defaults to 0.
  selector meta.LabelSelector ! | The label query over pods the ReplicaSet manages; it must match the template's labels.
  template core.PodTemplateSpec | The pod template new pods are made from.
type apps.ReplicaSetStatus
  replicas int32 ! | The number of pods the ReplicaSet manages now.
  fullyLabeledReplicas int32
  readyReplicas int32 | Pods whose Ready condition is true.
  availableReplicas int32 | Pods ready for at least minReadySeconds.
  observedGeneration int64 | The metadata.generation this status was computed for.
  conditions []apps.ReplicaSetCondition ps=merge pk=type lt=map lk=type | The latest observations of the object's state, one per condition type.
type apps.RollingUpdateDaemonSet
  maxUnavailable intstr.IntOrString | How many nodes' pods may be unavailable during the update. Defaults to 1.
  maxSurge intstr.IntOrString | How many nodes may run an extra, new pod during the update. Defaults to 0.
type apps.RollingUpdateDeployment | How fast a rolling update goes.
  maxUnavailable intstr.IntOrString | How many pods (a number or a percentage of replicas) may be unavailable during the update. Defaults to 25%.
  maxSurge intstr.IntOrString | How many pods (a number or a percentage of replicas) may exist above the desired count during the update. Defaults to 25%.
type apps.RollingUpdateStatefulSetStrategy
  partition int32 | Only pods with an ordinal at or above this are updated. Defaults to 0.
  maxUnavailable intstr.IntOrString
type apps.StatefulSet gvk=apps/v1/StatefulSet | A StatefulSet runs pods with stable identities and storage, created and removed in order.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec apps.StatefulSetSpec | The desired state of the object, written by its users.
  status apps.StatefulSetStatus | The most recently observed state of the object, written by the system. Read-only for users.
type apps.StatefulSetCondition
  type string !
  status string !
  lastTransitionTime meta.Time
  reason string
  message string
type apps.StatefulSetList gvk=apps/v1/StatefulSetList | A list of StatefulSet objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []apps.StatefulSet ! | The objects of the list.
type apps.StatefulSetOrdinals
  start int32
type apps.StatefulSetPersistentVolumeClaimRetentionPolicy
  whenDeleted string
  whenScaled string
type apps.StatefulSetSpec
  replicas int32 | How many pods to run. Defaults to 1.
  selector meta.LabelSelector ! | A label query over the pods (or other objects) this object manages.
  template core.PodTemplateSpec ! | The pod template new pods are made from.
  volumeClaimTemplates []core.PersistentVolumeClaim lt=atomic | Claims each pod gets its own copy of.
  serviceName string ! | The headless service that gives the pods their network identities.
  podManagementPolicy string enum=OrderedReady,Parallel | OrderedReady (the default) creates and removes pods one at a time in order; Parallel does not wait.
  updateStrategy apps.StatefulSetUpdateStrategy | How pods are replaced when the template changes.
  revisionHistoryLimit int32 | How many old revisions to keep to allow rollbacks.
  minReadySeconds int32 | Seconds a new pod must be ready, without any container crashing, before it counts as available. Defaults to 0.
  persistentVolumeClaimRetentionPolicy apps.StatefulSetPersistentVolumeClaimRetentionPolicy
  ordinals apps.StatefulSetOrdinals
type apps.StatefulSetStatus
  observedGeneration int64 | The metadata.generation this status was computed for.
  replicas int32 !
  readyReplicas int32
  currentReplicas int32
  updatedReplicas int32
  currentRevision string
  updateRevision string
  collisionCount int32
  conditions []apps.StatefulSetCondition ps=merge pk=type lt=map lk=type | The latest observations of the object's state, one per condition type.
  availableReplicas int32
type apps.StatefulSetUpdateStrategy
  type string enum=RollingUpdate,OnDelete | RollingUpdate (the default) or OnDelete.
  rollingUpdate apps.RollingUpdateStatefulSetStrategy

# batch/v1
type batch.CronJob gvk=batch/v1/CronJob | A CronJob creates Jobs on a repeating schedule.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec batch.CronJobSpec | The desired state of the object, written by its users.
  status batch.CronJobStatus | The most recently observed state of the object, written by the system. Read-only for users.
type batch.CronJobList gvk=batch/v1/CronJobList | A list of CronJob objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []batch.CronJob ! | The objects of the list.
type batch.CronJobSpec
  schedule string ! | The schedule, in cron format ("*/5 * * * *").
  timeZone string | The time zone of the schedule, such as Etc/UTC; the controller's by default.
  startingDeadlineSeconds int64 | Seconds after its scheduled time a missed run may still start.
  concurrencyPolicy string enum=Allow,Forbid,Replace | What to do when a run is due while the previous one is running: Allow (the default), Forbid or Replace.
  suspend bool | When true, no new runs start.
  jobTemplate batch.JobTemplateSpec ! | The Job to create at each scheduled time.
  successfulJobsHistoryLimit int32 | Finished successful Jobs to keep. Defaults to 3.
  failedJobsHistoryLimit int32 | Failed Jobs to keep. Defaults to 1.
type batch.CronJobStatus
  active []core.ObjectReference lt=atomic | The Jobs running now.
  lastScheduleTime meta.Time | When a Job was last scheduled.
  lastSuccessfulTime meta.Time
type batch.Job gvk=batch/v1/Job | A Job runs pods until a number of them complete successfully.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec batch.JobSpec | The desired state of the object, written by its users.
  status batch.JobStatus | The most recently observed state of the object, written by the system. Read-only for users.
type batch.JobCondition
  type string !
  status string !
  lastProbeTime meta.Time
  lastTransitionTime meta.Time
  reason string
  message string
type batch.JobList gvk=batch/v1/JobList | A list of Job objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []batch.Job ! | The objects of the list.
type batch.JobSpec
  parallelism int32 | How many pods may run at the same time.
  completions int32 | How many successful pods finish the Job.
  activeDeadlineSeconds int64 | Seconds the Job may be active before the system ends it.
  podFailurePolicy batch.PodFailurePolicy
  successPolicy batch.SuccessPolicy
  backoffLimit int32 | Retries before the Job is marked failed. Defaults to 6.
  backoffLimitPerIndex int32
  maxFailedIndexes int32
  selector meta.LabelSelector | A label query over the pods (or other objects) this object manages.
  manualSelector bool | Set the selector yourself instead of the generated one. Rarely right.
  template core.PodTemplateSpec ! | The pod template of the Job's pods; restartPolicy must be Never or OnFailure.
  ttlSecondsAfterFinished int32 | Seconds after the Job finishes before it is deleted.
  completionMode string enum=NonIndexed,Indexed | NonIndexed (the default) or Indexed: each pod gets an index from 0 to completions-1.
  suspend bool | When true, no pods are created and running ones are stopped.
  podReplacementPolicy string enum=TerminatingOrFailed,Failed
  managedBy string
type batch.JobStatus
  conditions []batch.JobCondition ps=merge pk=type lt=atomic | The latest observations of the object's state, one per condition type.
  startTime meta.Time | When the Job started.
  completionTime meta.Time | When the Job completed.
  active int32 | Pods running now.
  succeeded int32 | Pods that succeeded.
  failed int32 | Pods that failed.
  terminating int32
  completedIndexes string
  failedIndexes string
  uncountedTerminatedPods batch.UncountedTerminatedPods
  ready int32
type batch.JobTemplateSpec | The Jobs a CronJob creates.
  metadata meta.ObjectMeta
  spec batch.JobSpec
type batch.PodFailurePolicy
  rules []batch.PodFailurePolicyRule ! lt=atomic
type batch.PodFailurePolicyOnExitCodesRequirement
  containerName string
  operator string ! enum=In,NotIn
  values []int32 ! lt=set
type batch.PodFailurePolicyOnPodConditionsPattern
  type string !
  status string !
type batch.PodFailurePolicyRule
  action string ! enum=FailJob,FailIndex,Ignore,Count
  onExitCodes batch.PodFailurePolicyOnExitCodesRequirement
  onPodConditions []batch.PodFailurePolicyOnPodConditionsPattern lt=atomic
type batch.SuccessPolicy
  rules []batch.SuccessPolicyRule ! lt=atomic
type batch.SuccessPolicyRule
  succeededIndexes string
  succeededCount int32
type batch.UncountedTerminatedPods
  succeeded []string lt=set
  failed []string lt=set

# autoscaling/v1
type autoscaling1.CrossVersionObjectReference mt=atomic
  kind string !
  name string !
  apiVersion string
type autoscaling1.HorizontalPodAutoscaler gvk=autoscaling/v1/HorizontalPodAutoscaler | A HorizontalPodAutoscaler scales a workload's replicas to follow its observed CPU use.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec autoscaling1.HorizontalPodAutoscalerSpec | The desired state of the object, written by its users.
  status autoscaling1.HorizontalPodAutoscalerStatus | The most recently observed state of the object, written by the system. Read-only for users.
type autoscaling1.HorizontalPodAutoscalerList gvk=autoscaling/v1/HorizontalPodAutoscalerList | A list of HorizontalPodAutoscaler objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []autoscaling1.HorizontalPodAutoscaler ! | The objects of the list.
type autoscaling1.HorizontalPodAutoscalerSpec
  scaleTargetRef autoscaling1.CrossVersionObjectReference ! | The workload to scale.
  minReplicas int32 | The fewest replicas. Defaults to 1.
  maxReplicas int32 ! | The most replicas.
  targetCPUUtilizationPercentage int32 | The average CPU use to aim for, as a percentage of requests.
type autoscaling1.HorizontalPodAutoscalerStatus
  observedGeneration int64 | The metadata.generation this status was computed for.
  lastScaleTime meta.Time
  currentReplicas int32 !
  desiredReplicas int32 !
  currentCPUUtilizationPercentage int32
type autoscaling1.Scale gvk=autoscaling/v1/Scale | The number of replicas of a scalable resource.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec autoscaling1.ScaleSpec | The desired state of the object, written by its users.
  status autoscaling1.ScaleStatus | The most recently observed state of the object, written by the system. Read-only for users.
type autoscaling1.ScaleSpec
  replicas int32 | The desired number of replicas.
type autoscaling1.ScaleStatus
  replicas int32 !
  selector string

# autoscaling/v2
type autoscaling2.ContainerResourceMetricSource
  name string !
  target autoscaling2.MetricTarget !
  container string !
type autoscaling2.ContainerResourceMetricStatus
  name string !
  current autoscaling2.MetricValueStatus !
  container string !
type autoscaling2.CrossVersionObjectReference
  kind string !
  name string !
  apiVersion string
type autoscaling2.ExternalMetricSource
  metric autoscaling2.MetricIdentifier !
  target autoscaling2.MetricTarget !
type autoscaling2.ExternalMetricStatus
  metric autoscaling2.MetricIdentifier !
  current autoscaling2.MetricValueStatus !
type autoscaling2.HPAScalingPolicy
  type string !
  value int32 !
  periodSeconds int32 !
type autoscaling2.HPAScalingRules
  stabilizationWindowSeconds int32
  selectPolicy string
  policies []autoscaling2.HPAScalingPolicy lt=atomic
type autoscaling2.HorizontalPodAutoscaler gvk=autoscaling/v2/HorizontalPodAutoscaler | A HorizontalPodAutoscaler scales a workload's replicas to follow the metrics it is given.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec autoscaling2.HorizontalPodAutoscalerSpec | The desired state of the object, written by its users.
  status autoscaling2.HorizontalPodAutoscalerStatus | The most recently observed state of the object, written by the system. Read-only for users.
type autoscaling2.HorizontalPodAutoscalerBehavior
  scaleUp autoscaling2.HPAScalingRules
  scaleDown autoscaling2.HPAScalingRules
type autoscaling2.HorizontalPodAutoscalerCondition
  type string !
  status string !
  lastTransitionTime meta.Time
  reason string
  message string
type autoscaling2.HorizontalPodAutoscalerList gvk=autoscaling/v2/HorizontalPodAutoscalerList | A list of HorizontalPodAutoscaler objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []autoscaling2.HorizontalPodAutoscaler ! | The objects of the list.
type autoscaling2.HorizontalPodAutoscalerSpec
  scaleTargetRef autoscaling2.CrossVersionObjectReference ! | The workload to scale.
  minReplicas int32 | The fewest replicas. Defaults to 1.
  maxReplicas int32 ! | The most replicas.
  metrics []autoscaling2.MetricSpec lt=atomic | The metrics to follow; the largest proposal wins.
  behavior autoscaling2.HorizontalPodAutoscalerBehavior | How fast to scale up and down.
type autoscaling2.HorizontalPodAutoscalerStatus
  observedGeneration int64 | The metadata.generation this status was computed for.
  lastScaleTime meta.Time
  currentReplicas int32
  desiredReplicas int32 !
  currentMetrics []autoscaling2.MetricStatus lt=atomic
  conditions []autoscaling2.HorizontalPodAutoscalerCondition ps=merge pk=type lt=map lk=type | The latest observations of the object's state, one per condition type.
type autoscaling2.MetricIdentifier
  name string !
  selector meta.LabelSelector | A label query over the pods (or other objects) this object manages.
type autoscaling2.MetricSpec
  type string !
  object autoscaling2.ObjectMetricSource
  pods autoscaling2.PodsMetricSource
  resource autoscaling2.ResourceMetricSource
  containerResource autoscaling2.ContainerResourceMetricSource
  external autoscaling2.ExternalMetricSource
type autoscaling2.MetricStatus
  type string !
  object autoscaling2.ObjectMetricStatus
  pods autoscaling2.PodsMetricStatus
  resource autoscaling2.ResourceMetricStatus
  containerResource autoscaling2.ContainerResourceMetricStatus
  external autoscaling2.ExternalMetricStatus
type autoscaling2.MetricTarget
  type string !
  value resource.Quantity
  averageValue resource.Quantity
  averageUtilization int32
type autoscaling2.MetricValueStatus
  value resource.Quantity
  averageValue resource.Quantity
  averageUtilization int32
type autoscaling2.ObjectMetricSource
  describedObject autoscaling2.CrossVersionObjectReference !
  target autoscaling2.MetricTarget !
  metric autoscaling2.MetricIdentifier !
type autoscaling2.ObjectMetricStatus
  metric autoscaling2.MetricIdentifier !
  current autoscaling2.MetricValueStatus !
  describedObject autoscaling2.CrossVersionObjectReference !
type autoscaling2.PodsMetricSource
  metric autoscaling2.MetricIdentifier !
  target autoscaling2.MetricTarget !
type autoscaling2.PodsMetricStatus
  metric autoscaling2.MetricIdentifier !
  current autoscaling2.MetricValueStatus !
type autoscaling2.ResourceMetricSource
  name string !
  target autoscaling2.MetricTarget !
type autoscaling2.ResourceMetricStatus
  name string !
  current autoscaling2.MetricValueStatus !

# policy/v1
type policy.Eviction gvk=policy/v1/Eviction | An Eviction asks to remove a pod while respecting its PodDisruptionBudgets.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  deleteOptions meta.DeleteOptions
type policy.PodDisruptionBudget gvk=policy/v1/PodDisruptionBudget | A PodDisruptionBudget limits how many pods of a set voluntary disruptions (such as drains) may take down at once.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec policy.PodDisruptionBudgetSpec | The desired state of the object, written by its users.
  status policy.PodDisruptionBudgetStatus | The most recently observed state of the object, written by the system. Read-only for users.
type policy.PodDisruptionBudgetList gvk=policy/v1/PodDisruptionBudgetList | A list of PodDisruptionBudget objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []policy.PodDisruptionBudget ! | The objects of the list.
type policy.PodDisruptionBudgetSpec
  minAvailable intstr.IntOrString | Pods (a number or a percentage) that must stay available.
  selector meta.LabelSelector ps=replace | The pods the budget covers.
  maxUnavailable intstr.IntOrString | Pods (a number or a percentage) that may be unavailable.
  unhealthyPodEvictionPolicy string enum=IfHealthyBudget,AlwaysAllow
type policy.PodDisruptionBudgetStatus
  observedGeneration int64 | The metadata.generation this status was computed for.
  disruptedPods {}meta.Time
  disruptionsAllowed int32 !
  currentHealthy int32 !
  desiredHealthy int32 !
  expectedPods int32 !
  conditions []meta.Condition ps=merge pk=type lt=map lk=type | The latest observations of the object's state, one per condition type.
)dsl",
  };
}

}  // namespace kubepp::api::openapi

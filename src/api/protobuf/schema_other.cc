// Protobuf schema table: autoscaling, networking, discovery, coordination, events, rbac, storage,
// policy, scheduling, authentication and authorization. The notation is described in schema.h.
// Field numbers are on the wire of every Kubernetes client: DO NOT CHANGE them.
#include "api/protobuf/schema_text.h"

namespace kubepp::api::protobuf {

const char kSchemaOther[] = R"schema(
@asv1 autoscaling/v1
ContainerResourceMetricSource name=1:s targetAverageUtilization=2:i*? targetAverageValue=3:res.Quantity*? container=5:s
ContainerResourceMetricStatus name=1:s currentAverageUtilization=2:i*? currentAverageValue=3:res.Quantity container=4:s
CrossVersionObjectReference kind=1:s name=2:s apiVersion=3:s?
ExternalMetricSource metricName=1:s metricSelector=2:meta.LabelSelector*? targetValue=3:res.Quantity*? targetAverageValue=4:res.Quantity*?
ExternalMetricStatus metricName=1:s metricSelector=2:meta.LabelSelector*? currentValue=3:res.Quantity currentAverageValue=4:res.Quantity*?
!HorizontalPodAutoscaler metadata=1:meta.ObjectMeta? spec=2:HorizontalPodAutoscalerSpec? status=3:HorizontalPodAutoscalerStatus?
HorizontalPodAutoscalerCondition type=1:s status=2:s lastTransitionTime=3:meta.Time? reason=4:s? message=5:s?
!HorizontalPodAutoscalerList metadata=1:meta.ListMeta? items=2:HorizontalPodAutoscaler+
HorizontalPodAutoscalerSpec scaleTargetRef=1:CrossVersionObjectReference minReplicas=2:i*? maxReplicas=3:i targetCPUUtilizationPercentage=4:i*?
HorizontalPodAutoscalerStatus observedGeneration=1:l*? lastScaleTime=2:meta.Time*? currentReplicas=3:i desiredReplicas=4:i currentCPUUtilizationPercentage=5:i*?
MetricSpec type=1:s object=2:ObjectMetricSource*? pods=3:PodsMetricSource*? resource=4:ResourceMetricSource*? containerResource=7:ContainerResourceMetricSource*? external=5:ExternalMetricSource*?
MetricStatus type=1:s object=2:ObjectMetricStatus*? pods=3:PodsMetricStatus*? resource=4:ResourceMetricStatus*? containerResource=7:ContainerResourceMetricStatus*? external=5:ExternalMetricStatus*?
ObjectMetricSource target=1:CrossVersionObjectReference metricName=2:s targetValue=3:res.Quantity selector=4:meta.LabelSelector*? averageValue=5:res.Quantity*?
ObjectMetricStatus target=1:CrossVersionObjectReference metricName=2:s currentValue=3:res.Quantity selector=4:meta.LabelSelector*? averageValue=5:res.Quantity*?
PodsMetricSource metricName=1:s targetAverageValue=2:res.Quantity selector=3:meta.LabelSelector*?
PodsMetricStatus metricName=1:s currentAverageValue=2:res.Quantity selector=3:meta.LabelSelector*?
ResourceMetricSource name=1:s targetAverageUtilization=2:i*? targetAverageValue=3:res.Quantity*?
ResourceMetricStatus name=1:s currentAverageUtilization=2:i*? currentAverageValue=3:res.Quantity
!Scale metadata=1:meta.ObjectMeta? spec=2:ScaleSpec? status=3:ScaleStatus?
ScaleSpec replicas=1:i?
ScaleStatus replicas=1:i selector=2:s?
@asv2 autoscaling/v2
ContainerResourceMetricSource name=1:s target=2:MetricTarget container=3:s
ContainerResourceMetricStatus name=1:s current=2:MetricValueStatus container=3:s
CrossVersionObjectReference kind=1:s name=2:s apiVersion=3:s?
ExternalMetricSource metric=1:MetricIdentifier target=2:MetricTarget
ExternalMetricStatus metric=1:MetricIdentifier current=2:MetricValueStatus
HPAScalingPolicy type=1:s value=2:i periodSeconds=3:i
HPAScalingRules stabilizationWindowSeconds=3:i*? selectPolicy=1:s*? policies=2:HPAScalingPolicy+?
!HorizontalPodAutoscaler metadata=1:meta.ObjectMeta? spec=2:HorizontalPodAutoscalerSpec? status=3:HorizontalPodAutoscalerStatus?
HorizontalPodAutoscalerBehavior scaleUp=1:HPAScalingRules*? scaleDown=2:HPAScalingRules*?
HorizontalPodAutoscalerCondition type=1:s status=2:s lastTransitionTime=3:meta.Time? reason=4:s? message=5:s?
!HorizontalPodAutoscalerList metadata=1:meta.ListMeta? items=2:HorizontalPodAutoscaler+
HorizontalPodAutoscalerSpec scaleTargetRef=1:CrossVersionObjectReference minReplicas=2:i*? maxReplicas=3:i metrics=4:MetricSpec+? behavior=5:HorizontalPodAutoscalerBehavior*?
HorizontalPodAutoscalerStatus observedGeneration=1:l*? lastScaleTime=2:meta.Time*? currentReplicas=3:i? desiredReplicas=4:i currentMetrics=5:MetricStatus+ conditions=6:HorizontalPodAutoscalerCondition+?
MetricIdentifier name=1:s selector=2:meta.LabelSelector*?
MetricSpec type=1:s object=2:ObjectMetricSource*? pods=3:PodsMetricSource*? resource=4:ResourceMetricSource*? containerResource=7:ContainerResourceMetricSource*? external=5:ExternalMetricSource*?
MetricStatus type=1:s object=2:ObjectMetricStatus*? pods=3:PodsMetricStatus*? resource=4:ResourceMetricStatus*? containerResource=7:ContainerResourceMetricStatus*? external=5:ExternalMetricStatus*?
MetricTarget type=1:s value=2:res.Quantity*? averageValue=3:res.Quantity*? averageUtilization=4:i*?
MetricValueStatus value=1:res.Quantity*? averageValue=2:res.Quantity*? averageUtilization=3:i*?
ObjectMetricSource describedObject=1:CrossVersionObjectReference target=2:MetricTarget metric=3:MetricIdentifier
ObjectMetricStatus metric=1:MetricIdentifier current=2:MetricValueStatus describedObject=3:CrossVersionObjectReference
PodsMetricSource metric=1:MetricIdentifier target=2:MetricTarget
PodsMetricStatus metric=1:MetricIdentifier current=2:MetricValueStatus
ResourceMetricSource name=1:s target=2:MetricTarget
ResourceMetricStatus name=1:s current=2:MetricValueStatus
@net networking.k8s.io/v1
HTTPIngressPath path=1:s? pathType=3:s* backend=2:IngressBackend
HTTPIngressRuleValue paths=1:HTTPIngressPath+
IPBlock cidr=1:s except=2:s+?
!Ingress metadata=1:meta.ObjectMeta? spec=2:IngressSpec? status=3:IngressStatus?
IngressBackend service=4:IngressServiceBackend*? resource=3:core.TypedLocalObjectReference*?
!IngressClass metadata=1:meta.ObjectMeta? spec=2:IngressClassSpec?
!IngressClassList metadata=1:meta.ListMeta? items=2:IngressClass+
IngressClassParametersReference apiGroup=1:s*? kind=2:s name=3:s scope=4:s* namespace=5:s*?
IngressClassSpec controller=1:s? parameters=2:IngressClassParametersReference*?
!IngressList metadata=1:meta.ListMeta? items=2:Ingress+
IngressLoadBalancerIngress ip=1:s? hostname=2:s? ports=4:IngressPortStatus+?
IngressLoadBalancerStatus ingress=1:IngressLoadBalancerIngress+?
IngressPortStatus port=1:i protocol=2:s error=3:s*?
IngressRule host=1:s? ingressRuleValue=2:IngressRuleValue^
IngressRuleValue http=1:HTTPIngressRuleValue*?
IngressServiceBackend name=1:s port=2:ServiceBackendPort?
IngressSpec ingressClassName=4:s*? defaultBackend=1:IngressBackend*? tls=2:IngressTLS+? rules=3:IngressRule+?
IngressStatus loadBalancer=1:IngressLoadBalancerStatus?
IngressTLS hosts=1:s+? secretName=2:s?
!NetworkPolicy metadata=1:meta.ObjectMeta? spec=2:NetworkPolicySpec?
NetworkPolicyEgressRule ports=1:NetworkPolicyPort+? to=2:NetworkPolicyPeer+?
NetworkPolicyIngressRule ports=1:NetworkPolicyPort+? from=2:NetworkPolicyPeer+?
!NetworkPolicyList metadata=1:meta.ListMeta? items=2:NetworkPolicy+
NetworkPolicyPeer podSelector=1:meta.LabelSelector*? namespaceSelector=2:meta.LabelSelector*? ipBlock=3:IPBlock*?
NetworkPolicyPort protocol=1:s*? port=2:intstr.IntOrString*? endPort=3:i*?
NetworkPolicySpec podSelector=1:meta.LabelSelector ingress=2:NetworkPolicyIngressRule+? egress=3:NetworkPolicyEgressRule+? policyTypes=4:s+?
ServiceBackendPort name=1:s? number=2:i?
@disc discovery.k8s.io/v1
Endpoint addresses=1:s+ conditions=2:EndpointConditions? hostname=3:s*? targetRef=4:core.ObjectReference*? deprecatedTopology=5:{s,s}? nodeName=6:s*? zone=7:s*? hints=8:EndpointHints*?
EndpointConditions ready=1:t*? serving=2:t*? terminating=3:t*?
EndpointHints forZones=1:ForZone+?
EndpointPort name=1:s*? protocol=2:s*? port=3:i*? appProtocol=4:s*?
!EndpointSlice metadata=1:meta.ObjectMeta? addressType=4:s endpoints=2:Endpoint+ ports=3:EndpointPort+
!EndpointSliceList metadata=1:meta.ListMeta? items=2:EndpointSlice+
ForZone name=1:s
@coord coordination.k8s.io/v1
!Lease metadata=1:meta.ObjectMeta? spec=2:LeaseSpec?
!LeaseList metadata=1:meta.ListMeta? items=2:Lease+
LeaseSpec holderIdentity=1:s*? leaseDurationSeconds=2:i*? acquireTime=3:meta.MicroTime*? renewTime=4:meta.MicroTime*? leaseTransitions=5:i*? strategy=6:s*? preferredHolder=7:s*?
@events events.k8s.io/v1
!Event metadata=1:meta.ObjectMeta eventTime=2:meta.MicroTime series=3:EventSeries*? reportingController=4:s? reportingInstance=5:s? action=6:s? reason=7:s? regarding=8:core.ObjectReference? related=9:core.ObjectReference*? note=10:s? type=11:s? deprecatedSource=12:core.EventSource? deprecatedFirstTimestamp=13:meta.Time? deprecatedLastTimestamp=14:meta.Time? deprecatedCount=15:i?
!EventList metadata=1:meta.ListMeta? items=2:Event+
EventSeries count=1:i lastObservedTime=2:meta.MicroTime
@rbac rbac.authorization.k8s.io/v1
AggregationRule clusterRoleSelectors=1:meta.LabelSelector+?
!ClusterRole metadata=1:meta.ObjectMeta? rules=2:PolicyRule+ aggregationRule=3:AggregationRule*?
!ClusterRoleBinding metadata=1:meta.ObjectMeta? subjects=2:Subject+? roleRef=3:RoleRef
!ClusterRoleBindingList metadata=1:meta.ListMeta? items=2:ClusterRoleBinding+
!ClusterRoleList metadata=1:meta.ListMeta? items=2:ClusterRole+
PolicyRule verbs=1:s+ apiGroups=2:s+? resources=3:s+? resourceNames=4:s+? nonResourceURLs=5:s+?
!Role metadata=1:meta.ObjectMeta? rules=2:PolicyRule+
!RoleBinding metadata=1:meta.ObjectMeta? subjects=2:Subject+? roleRef=3:RoleRef
!RoleBindingList metadata=1:meta.ListMeta? items=2:RoleBinding+
!RoleList metadata=1:meta.ListMeta? items=2:Role+
RoleRef apiGroup=1:s kind=2:s name=3:s
Subject kind=1:s apiGroup=2:s? name=3:s namespace=4:s?
@storage storage.k8s.io/v1
!CSIDriver metadata=1:meta.ObjectMeta? spec=2:CSIDriverSpec
!CSIDriverList metadata=1:meta.ListMeta? items=2:CSIDriver+
CSIDriverSpec attachRequired=1:t*? podInfoOnMount=2:t*? volumeLifecycleModes=3:s+? storageCapacity=4:t*? fsGroupPolicy=5:s*? tokenRequests=6:TokenRequest+? requiresRepublish=7:t*? seLinuxMount=8:t*?
!CSINode metadata=1:meta.ObjectMeta? spec=2:CSINodeSpec
CSINodeDriver name=1:s nodeID=2:s topologyKeys=3:s+ allocatable=4:VolumeNodeResources*?
!CSINodeList metadata=1:meta.ListMeta? items=2:CSINode+
CSINodeSpec drivers=1:CSINodeDriver+
!CSIStorageCapacity metadata=1:meta.ObjectMeta? nodeTopology=2:meta.LabelSelector*? storageClassName=3:s capacity=4:res.Quantity*? maximumVolumeSize=5:res.Quantity*?
!CSIStorageCapacityList metadata=1:meta.ListMeta? items=2:CSIStorageCapacity+
!StorageClass metadata=1:meta.ObjectMeta? provisioner=2:s parameters=3:{s,s}? reclaimPolicy=4:s*? mountOptions=5:s+? allowVolumeExpansion=6:t*? volumeBindingMode=7:s*? allowedTopologies=8:core.TopologySelectorTerm+?
!StorageClassList metadata=1:meta.ListMeta? items=2:StorageClass+
TokenRequest audience=1:s expirationSeconds=2:l*?
!VolumeAttachment metadata=1:meta.ObjectMeta? spec=2:VolumeAttachmentSpec status=3:VolumeAttachmentStatus?
!VolumeAttachmentList metadata=1:meta.ListMeta? items=2:VolumeAttachment+
VolumeAttachmentSource persistentVolumeName=1:s*? inlineVolumeSpec=2:core.PersistentVolumeSpec*?
VolumeAttachmentSpec attacher=1:s source=2:VolumeAttachmentSource nodeName=3:s
VolumeAttachmentStatus attached=1:t attachmentMetadata=2:{s,s}? attachError=3:VolumeError*? detachError=4:VolumeError*?
VolumeError time=1:meta.Time? message=2:s?
VolumeNodeResources count=1:i*?
@policy policy/v1
!Eviction metadata=1:meta.ObjectMeta? deleteOptions=2:meta.DeleteOptions*?
!PodDisruptionBudget metadata=1:meta.ObjectMeta? spec=2:PodDisruptionBudgetSpec? status=3:PodDisruptionBudgetStatus?
!PodDisruptionBudgetList metadata=1:meta.ListMeta? items=2:PodDisruptionBudget+
PodDisruptionBudgetSpec minAvailable=1:intstr.IntOrString*? selector=2:meta.LabelSelector*? maxUnavailable=3:intstr.IntOrString*? unhealthyPodEvictionPolicy=4:s*?
PodDisruptionBudgetStatus observedGeneration=1:l? disruptedPods=2:{s,meta.Time}? disruptionsAllowed=3:i currentHealthy=4:i desiredHealthy=5:i expectedPods=6:i conditions=7:meta.Condition+?
@sched scheduling.k8s.io/v1
!PriorityClass metadata=1:meta.ObjectMeta? value=2:i globalDefault=3:t? description=4:s? preemptionPolicy=5:s*?
!PriorityClassList metadata=1:meta.ListMeta? items=2:PriorityClass+
@authn authentication.k8s.io/v1
BoundObjectReference kind=1:s? apiVersion=2:s? name=3:s? uid=4:s?
ExtraValue @list items=1:s+
!SelfSubjectReview metadata=1:meta.ObjectMeta? status=2:SelfSubjectReviewStatus?
SelfSubjectReviewStatus userInfo=1:UserInfo?
!TokenRequest metadata=1:meta.ObjectMeta? spec=2:TokenRequestSpec status=3:TokenRequestStatus?
TokenRequestSpec audiences=1:s+ expirationSeconds=4:l* boundObjectRef=3:BoundObjectReference*
TokenRequestStatus token=1:s expirationTimestamp=2:meta.Time
!TokenReview metadata=1:meta.ObjectMeta? spec=2:TokenReviewSpec status=3:TokenReviewStatus?
TokenReviewSpec token=1:s? audiences=2:s+?
TokenReviewStatus authenticated=1:t? user=2:UserInfo? audiences=4:s+? error=3:s?
UserInfo username=1:s? uid=2:s? groups=3:s+? extra=4:{s,ExtraValue}?
@authz authorization.k8s.io/v1
ExtraValue @list items=1:s+
FieldSelectorAttributes rawSelector=1:s? requirements=2:meta.FieldSelectorRequirement+?
LabelSelectorAttributes rawSelector=1:s? requirements=2:meta.LabelSelectorRequirement+?
!LocalSubjectAccessReview metadata=1:meta.ObjectMeta? spec=2:SubjectAccessReviewSpec status=3:SubjectAccessReviewStatus?
NonResourceAttributes path=1:s? verb=2:s?
NonResourceRule verbs=1:s+ nonResourceURLs=2:s+?
ResourceAttributes namespace=1:s? verb=2:s? group=3:s? version=4:s? resource=5:s? subresource=6:s? name=7:s? fieldSelector=8:FieldSelectorAttributes*? labelSelector=9:LabelSelectorAttributes*?
ResourceRule verbs=1:s+ apiGroups=2:s+? resources=3:s+? resourceNames=4:s+?
!SelfSubjectAccessReview metadata=1:meta.ObjectMeta? spec=2:SelfSubjectAccessReviewSpec status=3:SubjectAccessReviewStatus?
SelfSubjectAccessReviewSpec resourceAttributes=1:ResourceAttributes*? nonResourceAttributes=2:NonResourceAttributes*?
!SelfSubjectRulesReview metadata=1:meta.ObjectMeta? spec=2:SelfSubjectRulesReviewSpec status=3:SubjectRulesReviewStatus?
SelfSubjectRulesReviewSpec namespace=1:s?
!SubjectAccessReview metadata=1:meta.ObjectMeta? spec=2:SubjectAccessReviewSpec status=3:SubjectAccessReviewStatus?
SubjectAccessReviewSpec resourceAttributes=1:ResourceAttributes*? nonResourceAttributes=2:NonResourceAttributes*? user=3:s? groups=4:s+? extra=5:{s,ExtraValue}? uid=6:s?
SubjectAccessReviewStatus allowed=1:t denied=4:t? reason=2:s? evaluationError=3:s?
SubjectRulesReviewStatus resourceRules=1:ResourceRule+ nonResourceRules=2:NonResourceRule+ incomplete=3:t evaluationError=4:s?
)schema";

}  // namespace kubepp::api::protobuf

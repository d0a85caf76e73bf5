// Schema text (see schema_model.h) for networking, discovery, coordination, events, rbac, storage, scheduling, authentication, authorization and metrics.
// Field names, types and extensions follow upstream v1.32's API types;
// descriptions are kubepp's own.
#include "api/openapi/schema_text.h"

namespace kubepp::api::openapi {

std::vector<std::string_view> SchemaTextOther() {
  return {
      R"dsl(
# networking/v1
type networking.HTTPIngressPath
  path string | The path to match.
  pathType string ! | Exact, Prefix or ImplementationSpecific.
  backend networking.IngressBackend ! | The service (or resource) the matching traffic goes to.
type networking.HTTPIngressRuleValue
  paths []networking.HTTPIngressPath ! lt=atomic
type networking.IPBlock
  cidr string !
  except []string lt=atomic
type networking.Ingress gvk=networking.k8s.io/v1/Ingress | An Ingress routes external HTTP(S) traffic to services by host and path.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec networking.IngressSpec | The desired state of the object, written by its users.
  status networking.IngressStatus | The most recently observed state of the object, written by the system. Read-only for users.
type networking.IngressBackend
  service networking.IngressServiceBackend
  resource core.TypedLocalObjectReference
type networking.IngressClass gvk=networking.k8s.io/v1/IngressClass | An IngressClass names an ingress controller and its configuration.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec networking.IngressClassSpec | The desired state of the object, written by its users.
type networking.IngressClassList gvk=networking.k8s.io/v1/IngressClassList | A list of IngressClass objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []networking.IngressClass ! | The objects of the list.
type networking.IngressClassParametersReference
  apiGroup string
  kind string !
  name string !
  scope string
  namespace string
type networking.IngressClassSpec
  controller string
  parameters networking.IngressClassParametersReference
type networking.IngressList gvk=networking.k8s.io/v1/IngressList | A list of Ingress objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []networking.Ingress ! | The objects of the list.
type networking.IngressLoadBalancerIngress
  ip string
  hostname string
  ports []networking.IngressPortStatus lt=atomic
type networking.IngressLoadBalancerStatus
  ingress []networking.IngressLoadBalancerIngress lt=atomic
type networking.IngressPortStatus
  port int32 !
  protocol string ! enum=TCP,UDP,SCTP
  error string
type networking.IngressRule
  host string | The host name to match; may start with "*." to match one label.
  http networking.HTTPIngressRuleValue
type networking.IngressServiceBackend
  name string ! | The service's name.
  port networking.ServiceBackendPort | The service port, by number or name.
type networking.IngressSpec
  ingressClassName string | The IngressClass that handles this Ingress.
  defaultBackend networking.IngressBackend | Where traffic matching no rule goes.
  tls []networking.IngressTLS lt=atomic | TLS settings: hosts and the secrets holding their certificates.
  rules []networking.IngressRule lt=atomic | Host and path rules; traffic matching none goes to defaultBackend.
type networking.IngressStatus
  loadBalancer networking.IngressLoadBalancerStatus
type networking.IngressTLS
  hosts []string lt=atomic
  secretName string
type networking.NetworkPolicy gvk=networking.k8s.io/v1/NetworkPolicy | A NetworkPolicy describes what traffic the selected pods may send and receive.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec networking.NetworkPolicySpec | The desired state of the object, written by its users.
type networking.NetworkPolicyEgressRule
  ports []networking.NetworkPolicyPort lt=atomic
  to []networking.NetworkPolicyPeer lt=atomic
type networking.NetworkPolicyIngressRule
  ports []networking.NetworkPolicyPort lt=atomic
  from []networking.NetworkPolicyPeer lt=atomic
type networking.NetworkPolicyList gvk=networking.k8s.io/v1/NetworkPolicyList | A list of NetworkPolicy objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []networking.NetworkPolicy ! | The objects of the list.
type networking.NetworkPolicyPeer
  podSelector meta.LabelSelector
  namespaceSelector meta.LabelSelector
  ipBlock networking.IPBlock
type networking.NetworkPolicyPort
  protocol string enum=TCP,UDP,SCTP
  port intstr.IntOrString
  endPort int32
type networking.NetworkPolicySpec
  podSelector meta.LabelSelector ! | The pods the policy applies to; empty selects every pod of the namespace.
  ingress []networking.NetworkPolicyIngressRule lt=atomic | Allowed incoming traffic.
  egress []networking.NetworkPolicyEgressRule lt=atomic | Allowed outgoing traffic.
  policyTypes []string lt=atomic | Ingress, Egress or both: which directions the policy restricts.
type networking.ServiceBackendPort mt=atomic
  name string
  number int32

# discovery/v1
type discovery.Endpoint
  addresses []string ! lt=set
  conditions discovery.EndpointConditions | The latest observations of the object's state, one per condition type.
  hostname string
  targetRef core.ObjectReference
  deprecatedTopology {}string
  nodeName string
  zone string
  hints discovery.EndpointHints
type discovery.EndpointConditions
  ready bool
  serving bool
  terminating bool
type discovery.EndpointHints
  forZones []discovery.ForZone lt=atomic
type discovery.EndpointPort mt=atomic
  name string
  protocol string enum=TCP,UDP,SCTP
  port int32
  appProtocol string
type discovery.EndpointSlice gvk=discovery.k8s.io/v1/EndpointSlice | An EndpointSlice lists some of the endpoints that implement a service.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  addressType string ! | IPv4, IPv6 or FQDN.
  endpoints []discovery.Endpoint ! lt=atomic | The endpoints of the slice.
  ports []discovery.EndpointPort lt=atomic | The ports every endpoint serves.
type discovery.EndpointSliceList gvk=discovery.k8s.io/v1/EndpointSliceList | A list of EndpointSlice objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []discovery.EndpointSlice ! | The objects of the list.
type discovery.ForZone
  name string !

# coordination/v1
type coordination.Lease gvk=coordination.k8s.io/v1/Lease | A Lease is a lock with an expiry, used for leader election and node heartbeats.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec coordination.LeaseSpec | The desired state of the object, written by its users.
type coordination.LeaseList gvk=coordination.k8s.io/v1/LeaseList | A list of Lease objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []coordination.Lease ! | The objects of the list.
type coordination.LeaseSpec
  holderIdentity string | Who holds the lease.
  leaseDurationSeconds int32 | How long the holder's claim lasts after renewTime.
  acquireTime meta.MicroTime | When the current holder took the lease.
  renewTime meta.MicroTime | When the holder last renewed the lease.
  leaseTransitions int32 | How many times the lease changed holders.
  strategy string
  preferredHolder string

# events/v1
type events.Event gvk=events.k8s.io/v1/Event | An Event reports something that happened to an object.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  eventTime meta.MicroTime !
  series events.EventSeries
  reportingController string
  reportingInstance string
  action string
  reason string
  regarding core.ObjectReference
  related core.ObjectReference
  note string
  type string
  deprecatedSource core.EventSource
  deprecatedFirstTimestamp meta.Time
  deprecatedLastTimestamp meta.Time
  deprecatedCount int32
type events.EventList gvk=events.k8s.io/v1/EventList | A list of Event objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []events.Event ! | The objects of the list.
type events.EventSeries
  count int32 !
  lastObservedTime meta.MicroTime !

# rbac/v1
type rbac.AggregationRule
  clusterRoleSelectors []meta.LabelSelector lt=atomic
type rbac.ClusterRole gvk=rbac.authorization.k8s.io/v1/ClusterRole | A ClusterRole is a set of permissions that applies cluster-wide or, through RoleBindings, within namespaces.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  rules []rbac.PolicyRule lt=atomic | The permissions of the role.
  aggregationRule rbac.AggregationRule | Build the rules from the cluster roles this selects.
type rbac.ClusterRoleBinding gvk=rbac.authorization.k8s.io/v1/ClusterRoleBinding | A ClusterRoleBinding grants the permissions of a ClusterRole to subjects across the cluster.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  subjects []rbac.Subject lt=atomic | Who gets the role.
  roleRef rbac.RoleRef ! | The cluster role granted; cannot be changed.
type rbac.ClusterRoleBindingList gvk=rbac.authorization.k8s.io/v1/ClusterRoleBindingList | A list of ClusterRoleBinding objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []rbac.ClusterRoleBinding ! | The objects of the list.
type rbac.ClusterRoleList gvk=rbac.authorization.k8s.io/v1/ClusterRoleList | A list of ClusterRole objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []rbac.ClusterRole ! | The objects of the list.
type rbac.PolicyRule | One permission: verbs on resources (or non-resource URLs) of API groups.
  verbs []string ! lt=atomic | Verbs allowed: get, list, watch, create, update, patch, delete, deletecollection, or "*".
  apiGroups []string lt=atomic | API groups of the resources; "" is the core group, "*" all.
  resources []string lt=atomic | Resources the rule covers, such as pods or deployments/scale; "*" all.
  resourceNames []string lt=atomic | Names the rule is limited to; all when empty.
  nonResourceURLs []string lt=atomic | URL paths (such as /healthz) the rule covers; cluster roles only.
type rbac.Role gvk=rbac.authorization.k8s.io/v1/Role | A Role is a set of permissions within a namespace.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  rules []rbac.PolicyRule lt=atomic | The permissions of the role.
type rbac.RoleBinding gvk=rbac.authorization.k8s.io/v1/RoleBinding | A RoleBinding grants the permissions of a Role or ClusterRole to subjects within a namespace.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  subjects []rbac.Subject lt=atomic | Who gets the role.
  roleRef rbac.RoleRef ! | The role granted; cannot be changed.
type rbac.RoleBindingList gvk=rbac.authorization.k8s.io/v1/RoleBindingList | A list of RoleBinding objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []rbac.RoleBinding ! | The objects of the list.
type rbac.RoleList gvk=rbac.authorization.k8s.io/v1/RoleList | A list of Role objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []rbac.Role ! | The objects of the list.
type rbac.RoleRef mt=atomic | The role a binding grants.
  apiGroup string !
  kind string !
  name string !
type rbac.Subject mt=atomic | A user, group or service account.
  kind string ! | User, Group or ServiceAccount.
  apiGroup string
  name string ! | The subject's name.
  namespace string | The service account's namespace.

# storage/v1
type storage.StorageClass gvk=storage.k8s.io/v1/StorageClass | A StorageClass describes a kind of storage that volumes can be provisioned from dynamically.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  provisioner string ! | The volume plugin that provisions volumes.
  parameters {}string | Settings for the provisioner.
  reclaimPolicy string enum=Recycle,Delete,Retain | Delete (the default) or Retain: what happens to provisioned volumes when released.
  mountOptions []string lt=atomic
  allowVolumeExpansion bool | Whether claims may grow.
  volumeBindingMode string enum=Immediate,WaitForFirstConsumer | Immediate (the default) or WaitForFirstConsumer.
  allowedTopologies []core.TopologySelectorTerm lt=atomic
type storage.StorageClassList gvk=storage.k8s.io/v1/StorageClassList | A list of StorageClass objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []storage.StorageClass ! | The objects of the list.

# scheduling/v1
type scheduling.PriorityClass gvk=scheduling.k8s.io/v1/PriorityClass | A PriorityClass maps a name to a pod priority.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  value int32 ! | The priority of pods of this class; higher goes first.
  globalDefault bool | Use this class for pods without one. At most one class may.
  description string
  preemptionPolicy string enum=PreemptLowerPriority,Never | PreemptLowerPriority (the default) or Never.
type scheduling.PriorityClassList gvk=scheduling.k8s.io/v1/PriorityClassList | A list of PriorityClass objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []scheduling.PriorityClass ! | The objects of the list.

# authentication/v1
type authentication.BoundObjectReference
  kind string
  apiVersion string
  name string
  uid string
type authentication.SelfSubjectReview gvk=authentication.k8s.io/v1/SelfSubjectReview | A SelfSubjectReview returns the identity the server sees for the caller.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  status authentication.SelfSubjectReviewStatus | The most recently observed state of the object, written by the system. Read-only for users.
type authentication.SelfSubjectReviewStatus
  userInfo authentication.UserInfo
type authentication.TokenRequest gvk=authentication.k8s.io/v1/TokenRequest | A TokenRequest asks for a token for a service account.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec authentication.TokenRequestSpec ! | The desired state of the object, written by its users.
  status authentication.TokenRequestStatus | The most recently observed state of the object, written by the system. Read-only for users.
type authentication.TokenRequestSpec
  audiences []string ! lt=atomic
  expirationSeconds int64
  boundObjectRef authentication.BoundObjectReference
type authentication.TokenRequestStatus
  token string !
  expirationTimestamp meta.Time !
type authentication.TokenReview gvk=authentication.k8s.io/v1/TokenReview | A TokenReview asks whether a token is valid and whose it is.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec authentication.TokenReviewSpec ! | The desired state of the object, written by its users.
  status authentication.TokenReviewStatus | The most recently observed state of the object, written by the system. Read-only for users.
type authentication.TokenReviewSpec
  token string
  audiences []string lt=atomic
type authentication.TokenReviewStatus
  authenticated bool
  user authentication.UserInfo
  audiences []string lt=atomic
  error string
type authentication.UserInfo
  username string
  uid string
  groups []string lt=atomic
  extra {}[]string

# authorization/v1
type authorization.FieldSelectorAttributes
  rawSelector string
  requirements []meta.FieldSelectorRequirement lt=atomic
type authorization.LabelSelectorAttributes
  rawSelector string
  requirements []meta.LabelSelectorRequirement lt=atomic
type authorization.LocalSubjectAccessReview gvk=authorization.k8s.io/v1/LocalSubjectAccessReview | A SubjectAccessReview limited to one namespace.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec authorization.SubjectAccessReviewSpec ! | The desired state of the object, written by its users.
  status authorization.SubjectAccessReviewStatus | The most recently observed state of the object, written by the system. Read-only for users.
type authorization.NonResourceAttributes
  path string
  verb string
type authorization.NonResourceRule
  verbs []string ! lt=atomic
  nonResourceURLs []string lt=atomic
type authorization.ResourceAttributes
  namespace string
  verb string
  group string
  version string
  resource string
  subresource string
  name string
  fieldSelector authorization.FieldSelectorAttributes
  labelSelector authorization.LabelSelectorAttributes
type authorization.ResourceRule
  verbs []string ! lt=atomic
  apiGroups []string lt=atomic
  resources []string lt=atomic
  resourceNames []string lt=atomic
type authorization.SelfSubjectAccessReview gvk=authorization.k8s.io/v1/SelfSubjectAccessReview | A SelfSubjectAccessReview asks whether the caller may perform an action.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec authorization.SelfSubjectAccessReviewSpec ! | The desired state of the object, written by its users.
  status authorization.SubjectAccessReviewStatus | The most recently observed state of the object, written by the system. Read-only for users.
type authorization.SelfSubjectAccessReviewSpec
  resourceAttributes authorization.ResourceAttributes
  nonResourceAttributes authorization.NonResourceAttributes
type authorization.SelfSubjectRulesReview gvk=authorization.k8s.io/v1/SelfSubjectRulesReview | A SelfSubjectRulesReview lists the actions the caller may perform in a namespace.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec authorization.SelfSubjectRulesReviewSpec ! | The desired state of the object, written by its users.
  status authorization.SubjectRulesReviewStatus | The most recently observed state of the object, written by the system. Read-only for users.
type authorization.SelfSubjectRulesReviewSpec
  namespace string
type authorization.SubjectAccessReview gvk=authorization.k8s.io/v1/SubjectAccessReview | A SubjectAccessReview asks whether a user or group may perform an action.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec authorization.SubjectAccessReviewSpec ! | The desired state of the object, written by its users.
  status authorization.SubjectAccessReviewStatus | The most recently observed state of the object, written by the system. Read-only for users.
type authorization.SubjectAccessReviewSpec
  resourceAttributes authorization.ResourceAttributes
  nonResourceAttributes authorization.NonResourceAttributes
  user string
  groups []string lt=atomic
  extra {}[]string
  uid string
type authorization.SubjectAccessReviewStatus
  allowed bool !
  denied bool
  reason string
  evaluationError string
type authorization.SubjectRulesReviewStatus
  resourceRules []authorization.ResourceRule ! lt=atomic
  nonResourceRules []authorization.NonResourceRule ! lt=atomic
  incomplete bool !
  evaluationError string
)dsl",
      R"dsl(
# metrics.k8s.io/v1beta1: resource usage the apiserver gathers from the kubelets
type metrics.ContainerMetrics | The resource usage of one container.
  name string ! | The container's name.
  usage {}resource.Quantity ! | What the container uses: cpu in cores averaged over the window, memory as its working set.
type metrics.NodeMetrics gvk=metrics.k8s.io/v1beta1/NodeMetrics | The resource usage of a node.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  timestamp meta.Time ! | When the usage was measured: the end of the window.
  window meta.Duration ! | The span the CPU usage is averaged over, ending at timestamp.
  usage {}resource.Quantity ! | What the node uses: cpu in cores averaged over the window, memory as its working set.
type metrics.NodeMetricsList gvk=metrics.k8s.io/v1beta1/NodeMetricsList | A list of NodeMetrics objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []metrics.NodeMetrics ! | The objects of the list.
type metrics.PodMetrics gvk=metrics.k8s.io/v1beta1/PodMetrics | The resource usage of a pod's containers.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  timestamp meta.Time ! | When the usage was measured: the end of the window.
  window meta.Duration ! | The span the CPU usage is averaged over, ending at timestamp.
  containers []metrics.ContainerMetrics ! lt=atomic | The usage of each container, all measured over the same window.
type metrics.PodMetricsList gvk=metrics.k8s.io/v1beta1/PodMetricsList | A list of PodMetrics objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []metrics.PodMetrics ! | The objects of the list.
)dsl",
  };
}

}  // namespace kubepp::api::openapi

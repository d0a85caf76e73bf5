// Schema text (see schema_model.h) for meta/v1 (ObjectMeta, ListMeta, Status, ...), Time, Quantity, IntOrString.
// Field names, types and extensions follow upstream v1.32's API types;
// descriptions are kubepp's own.
#include "api/openapi/schema_text.h"

namespace kubepp::api::openapi {

std::vector<std::string_view> SchemaTextMeta() {
  return {
      R"dsl(
# meta/v1
type meta.APIGroup | One API group, its versions and the one clients should prefer.
  apiVersion string
  kind string
  name string !
  versions []meta.GroupVersionForDiscovery ! lt=atomic
  preferredVersion meta.GroupVersionForDiscovery
  serverAddressByClientCIDRs []meta.ServerAddressByClientCIDR lt=atomic
type meta.APIGroupList | Every API group the server serves.
  apiVersion string
  kind string
  groups []meta.APIGroup ! lt=atomic
type meta.APIResource
  name string !
  singularName string !
  namespaced bool !
  group string
  version string
  kind string !
  verbs []string !
  shortNames []string lt=atomic
  categories []string lt=atomic
  storageVersionHash string
type meta.APIResourceList | The resources served in one group version.
  apiVersion string
  kind string
  groupVersion string !
  resources []meta.APIResource ! lt=atomic
type meta.APIVersions | The versions of the core API.
  apiVersion string
  kind string
  versions []string ! lt=atomic
  serverAddressByClientCIDRs []meta.ServerAddressByClientCIDR ! lt=atomic
type meta.Condition | One aspect of an object's current state.
  type string !
  status string !
  observedGeneration int64 | The metadata.generation this status was computed for.
  lastTransitionTime meta.Time !
  reason string !
  message string !
type meta.DeleteOptions gvk=/v1/DeleteOptions gvk=apps/v1/DeleteOptions gvk=authentication.k8s.io/v1/DeleteOptions gvk=authorization.k8s.io/v1/DeleteOptions gvk=autoscaling/v1/DeleteOptions gvk=autoscaling/v2/DeleteOptions gvk=batch/v1/DeleteOptions gvk=coordination.k8s.io/v1/DeleteOptions gvk=discovery.k8s.io/v1/DeleteOptions gvk=events.k8s.io/v1/DeleteOptions gvk=meta.k8s.io/v1/DeleteOptions gvk=networking.k8s.io/v1/DeleteOptions gvk=policy/v1/DeleteOptions gvk=rbac.authorization.k8s.io/v1/DeleteOptions gvk=scheduling.k8s.io/v1/DeleteOptions gvk=storage.k8s.io/v1/DeleteOptions | Options of a delete request.
  apiVersion string
  kind string
  gracePeriodSeconds int64 | Seconds before the object is removed; zero deletes at once.
  preconditions meta.Preconditions
  orphanDependents bool
  propagationPolicy string | What happens to dependents: Orphan, Background or Foreground.
  dryRun []string lt=atomic | With "All", the deletion is checked but not performed.
  ignoreStoreReadErrorWithClusterBreakingPotential bool
type meta.FieldSelectorRequirement
  key string !
  operator string !
  values []string lt=atomic
type meta.FieldsV1
type meta.GroupVersionForDiscovery
  groupVersion string !
  version string !
type meta.LabelSelector mt=atomic | A label query: every matchLabels pair and every matchExpressions requirement must hold. An empty selector matches everything; a null one matches nothing.
  matchLabels {}string | Pairs that must all be labels of the object: {key: value} means key in (value).
  matchExpressions []meta.LabelSelectorRequirement lt=atomic | Requirements on labels; all must hold.
type meta.LabelSelectorRequirement | One requirement of a selector: a key, an operator and values.
  key string !
  operator string ! | In, NotIn, Exists or DoesNotExist.
  values []string lt=atomic | For In and NotIn the values to compare with; empty for Exists and DoesNotExist.
type meta.ListMeta | Metadata of a list: its resourceVersion and the token for the next page.
  selfLink string
  resourceVersion string | The version of the data this list shows; a watch may start from it.
  continue string | Set when more items are available: pass it as `continue` to get the next page.
  remainingItemCount int64 | An estimate of the items left after this page, when the server knows it.
type meta.ManagedFieldsEntry
  manager string
  operation string
  apiVersion string
  time meta.Time
  fieldsType string
  fieldsV1 meta.FieldsV1
  subresource string
type meta.ObjectMeta | Metadata every persisted object has: its identity, its labels and annotations, and the bookkeeping the server keeps.
  name string | The object's name, unique within its namespace (or the cluster, for cluster-scoped kinds). Cannot be updated.
  generateName string | A prefix from which the server generates a unique name when name is empty.
  namespace string | The namespace the object lives in. Empty for cluster-scoped objects; defaults to "default" for namespaced ones.
  selfLink string | Deprecated and no longer set.
  uid string | A unique identity the server assigns at creation; never reused. Read-only.
  resourceVersion string | An opaque value that changes on every write of the object; used for optimistic concurrency and for watches. Read-only.
  generation int64 | A number the server increments whenever the desired state (usually spec) changes. Read-only.
  creationTimestamp meta.Time | When the server created the object (RFC 3339, UTC). Read-only.
  deletionTimestamp meta.Time | When the object will be deleted; set when deletion is requested and finalizers are pending. Read-only.
  deletionGracePeriodSeconds int64 | Seconds allowed for a graceful deletion before the object is removed. Read-only.
  labels {}string | String keys and values used to organize and select objects (by label selectors).
  annotations {}string | String keys and values for arbitrary, non-identifying metadata that tools store on objects.
  ownerReferences []meta.OwnerReference ps=merge pk=uid lt=map lk=uid | The objects this one depends on; when every owner is gone, the garbage collector deletes it.
  finalizers []string ps=merge lt=set | Names of the pieces of work that must finish before the object is removed from storage.
  managedFields []meta.ManagedFieldsEntry lt=atomic | Which manager owns which fields, for server-side apply. Mostly for internal use.
type meta.OwnerReference mt=atomic | A reference to the owner of an object. The owner must be in the same namespace, or cluster-scoped.
  apiVersion string !
  kind string !
  name string !
  uid string !
  controller bool | True when this owner is the managing controller; at most one owner may be.
  blockOwnerDeletion bool | With foreground deletion, the owner is not removed until this object is.
type meta.Patch | A patch document; its format depends on the request's Content-Type.
type meta.Preconditions
  uid string
  resourceVersion string
type meta.ServerAddressByClientCIDR
  clientCIDR string !
  serverAddress string !
type meta.Status gvk=/v1/Status | The result of an operation that does not return an object, and of every failed call.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  status string | "Success" or "Failure".
  message string | A human-readable description of what happened.
  reason string | A machine-readable reason for a failure ("NotFound", "AlreadyExists", "Invalid", ...).
  details meta.StatusDetails lt=atomic | More data about the failure, depending on its reason.
  code int32 | The HTTP status code of the response.
type meta.StatusCause
  reason string
  message string
  field string
type meta.StatusDetails
  name string
  group string
  kind string
  uid string
  causes []meta.StatusCause lt=atomic
  retryAfterSeconds int32

# hand-written scalars and types
scalar meta.Time string date-time | A timestamp in RFC 3339 form with seconds precision, in UTC ("2024-01-02T15:04:05Z").
scalar meta.MicroTime string date-time | A timestamp in RFC 3339 form with microsecond precision.
scalar meta.Duration string | A span of time as Go writes it ("1m30s", "15.012s").
scalar resource.Quantity string oneof=string,number | A fixed-point number with an optional suffix: binary (Ki, Mi, Gi, ...), decimal (k, M, G, ... or m for thousandths) or an exponent (1e3). "500m" CPU is half a core; "128Mi" memory is 128 mebibytes.
scalar intstr.IntOrString string int-or-string oneof=integer,string | A value that is either a whole number or a string, such as a port number or a port name, or a count or a percentage.
scalar runtime.RawExtension object | An embedded object of any kind, kept as its JSON.
type meta.WatchEvent gvk=/v1/WatchEvent gvk=apps/v1/WatchEvent gvk=authentication.k8s.io/v1/WatchEvent gvk=authorization.k8s.io/v1/WatchEvent gvk=autoscaling/v1/WatchEvent gvk=autoscaling/v2/WatchEvent gvk=batch/v1/WatchEvent gvk=coordination.k8s.io/v1/WatchEvent gvk=discovery.k8s.io/v1/WatchEvent gvk=events.k8s.io/v1/WatchEvent gvk=meta.k8s.io/v1/WatchEvent gvk=networking.k8s.io/v1/WatchEvent gvk=policy/v1/WatchEvent gvk=rbac.authorization.k8s.io/v1/WatchEvent gvk=scheduling.k8s.io/v1/WatchEvent gvk=storage.k8s.io/v1/WatchEvent | One event of a watch stream: its type (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR) and object.
  type string !
  object runtime.RawExtension !
type version.Info | The version of the server's code.
  major string !
  minor string !
  gitVersion string !
  gitCommit string !
  gitTreeState string !
  buildDate string !
  goVersion string !
  compiler string !
  platform string !
)dsl",
  };
}

}  // namespace kubepp::api::openapi

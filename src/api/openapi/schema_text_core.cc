// Schema text (see schema_model.h) for core/v1 (Pod, Service, Node, ...).
// Field names, types and extensions follow upstream v1.32's API types;
// descriptions are kubepp's own.
#include "api/openapi/schema_text.h"

namespace kubepp::api::openapi {

std::vector<std::string_view> SchemaTextCore() {
  return {
      R"dsl(
# core/v1
type core.AWSElasticBlockStoreVolumeSource
  volumeID string !
  fsType string
  partition int32
  readOnly bool
type core.Affinity | Scheduling rules relative to nodes and to other pods.
  nodeAffinity core.NodeAffinity | Rules about the nodes the pod may run on.
  podAffinity core.PodAffinity | Rules to place the pod near other pods.
  podAntiAffinity core.PodAntiAffinity | Rules to keep the pod away from other pods.
type core.AppArmorProfile
  type string ! enum=Unconfined,RuntimeDefault,Localhost
  localhostProfile string
type core.AttachedVolume
  name string !
  devicePath string !
type core.AzureDiskVolumeSource
  diskName string !
  diskURI string !
  cachingMode string enum=None,ReadOnly,ReadWrite
  fsType string
  readOnly bool
  kind string enum=Shared,Dedicated,Managed
type core.AzureFilePersistentVolumeSource
  secretName string !
  shareName string !
  readOnly bool
  secretNamespace string
type core.AzureFileVolumeSource
  secretName string !
  shareName string !
  readOnly bool
type core.Binding gvk=/v1/Binding | A Binding ties an object to another; it binds a pod to a node.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  target core.ObjectReference !
type core.CSIPersistentVolumeSource
  driver string !
  volumeHandle string !
  readOnly bool
  fsType string
  volumeAttributes {}string
  controllerPublishSecretRef core.SecretReference
  nodeStageSecretRef core.SecretReference
  nodePublishSecretRef core.SecretReference
  controllerExpandSecretRef core.SecretReference
  nodeExpandSecretRef core.SecretReference
type core.CSIVolumeSource
  driver string !
  readOnly bool
  fsType string
  volumeAttributes {}string
  nodePublishSecretRef core.LocalObjectReference
type core.Capabilities
  add []string lt=atomic
  drop []string lt=atomic
type core.CephFSPersistentVolumeSource
  monitors []string ! lt=atomic
  path string
  user string
  secretFile string
  secretRef core.SecretReference
  readOnly bool
type core.CephFSVolumeSource
  monitors []string ! lt=atomic
  path string
  user string
  secretFile string
  secretRef core.LocalObjectReference
  readOnly bool
type core.CinderPersistentVolumeSource
  volumeID string !
  fsType string
  readOnly bool
  secretRef core.SecretReference
type core.CinderVolumeSource
  volumeID string !
  fsType string
  readOnly bool
  secretRef core.LocalObjectReference
type core.ClientIPConfig
  timeoutSeconds int32
type core.ClusterTrustBundleProjection
  name string
  signerName string
  labelSelector meta.LabelSelector
  optional bool
  path string !
type core.ComponentCondition
  type string !
  status string !
  message string
  error string
type core.ComponentStatus gvk=/v1/ComponentStatus | The health of a control-plane component. Deprecated.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  conditions []core.ComponentCondition ps=merge pk=type lt=map lk=type | The latest observations of the object's state, one per condition type.
type core.ComponentStatusList gvk=/v1/ComponentStatusList | A list of ComponentStatus objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.ComponentStatus ! | The objects of the list.
type core.ConfigMap gvk=/v1/ConfigMap | A ConfigMap holds configuration data as key-value pairs for pods to consume.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  immutable bool | When true, the data cannot be changed.
  data {}string | The string data.
  binaryData {}bytes | The binary data, base64-encoded.
type core.ConfigMapEnvSource
  name string
  optional bool
type core.ConfigMapKeySelector mt=atomic
  name string
  key string !
  optional bool
type core.ConfigMapList gvk=/v1/ConfigMapList | A list of ConfigMap objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.ConfigMap ! | The objects of the list.
type core.ConfigMapNodeConfigSource
  namespace string !
  name string !
  uid string
  resourceVersion string
  kubeletConfigKey string !
type core.ConfigMapProjection
  name string
  items []core.KeyToPath lt=atomic
  optional bool
type core.ConfigMapVolumeSource
  name string | The config map's name.
  items []core.KeyToPath lt=atomic | Which keys to project and where; all keys when empty.
  defaultMode int32 | Permission bits of the files (0000 to 0777). Defaults to 0644.
  optional bool | Whether the config map may be missing.
type core.Container | One container of a pod: an image and how to run it.
  name string ! | The container's name, unique within the pod (a DNS label). Cannot be updated.
  image string | The container image to run, as a registry reference.
  command []string lt=atomic | The entrypoint; replaces the image's ENTRYPOINT. Not run in a shell. $(VAR) references are expanded.
  args []string lt=atomic | Arguments to the entrypoint; replace the image's CMD. $(VAR) references are expanded.
  workingDir string | The working directory; defaults to the image's.
  ports []core.ContainerPort ps=merge pk=containerPort lt=map lk=containerPort,protocol | Ports the container exposes. Informational: any port the container listens on is reachable.
  envFrom []core.EnvFromSource lt=atomic | Sources (config maps, secrets) whose keys become environment variables.
  env []core.EnvVar ps=merge pk=name lt=map lk=name | Environment variables to set in the container.
  resources core.ResourceRequirements | The compute resources (CPU, memory) the container requests and is limited to.
  resizePolicy []core.ContainerResizePolicy lt=atomic
  restartPolicy string
  volumeMounts []core.VolumeMount ps=merge pk=mountPath lt=map lk=mountPath | Volumes of the pod to mount into the container's filesystem.
  volumeDevices []core.VolumeDevice ps=merge pk=devicePath lt=map lk=devicePath
  livenessProbe core.Probe | A periodic check; the container is restarted when it fails.
  readinessProbe core.Probe | A periodic check; the pod gets no service traffic while it fails.
  startupProbe core.Probe | A check that must pass before the other probes start.
  lifecycle core.Lifecycle | Actions the system runs right after the container starts and before it stops.
  terminationMessagePath string | The file whose contents become the container's termination message. Defaults to /dev/termination-log.
  terminationMessagePolicy string enum=File,FallbackToLogsOnError | File, or FallbackToLogsOnError to use the log tail when the file is empty.
  imagePullPolicy string enum=Always,Never,IfNotPresent | When to pull the image: Always, Never or IfNotPresent. Defaults to Always for :latest (or no tag) and IfNotPresent otherwise.
  securityContext core.SecurityContext | Security settings for this container, overriding the pod's.
  stdin bool | Keep a stdin buffer open for the container.
  stdinOnce bool
  tty bool | Allocate a terminal for the container.
type core.ContainerImage
  names []string lt=atomic
  sizeBytes int64
type core.ContainerPort | A network port of a container.
  name string | A name services can refer to the port by (an IANA service name).
  hostPort int32 | A port on the node that forwards to this one. Rarely needed.
  containerPort int32 ! | The port number in the pod's IP address (1-65535).
  protocol string enum=TCP,UDP,SCTP | TCP, UDP or SCTP. Defaults to TCP.
  hostIP string
type core.ContainerResizePolicy
  resourceName string !
  restartPolicy string !
type core.ContainerState | One of waiting, running or terminated.
  waiting core.ContainerStateWaiting
  running core.ContainerStateRunning
  terminated core.ContainerStateTerminated
type core.ContainerStateRunning
  startedAt meta.Time
type core.ContainerStateTerminated
  exitCode int32 !
  signal int32
  reason string
  message string
  startedAt meta.Time
  finishedAt meta.Time
  containerID string
type core.ContainerStateWaiting
  reason string
  message string
type core.ContainerStatus | The state of one container of a pod.
  name string !
  state core.ContainerState | The container's current state.
  lastState core.ContainerState | The state of the container's previous termination.
  ready bool ! | Whether the container passes its readiness probe.
  restartCount int32 ! | How many times the container was restarted.
  image string !
  imageID string ! | The image the container runs, by digest.
  containerID string | The runtime's ID of the container: <type>://<id>.
  started bool
  allocatedResources {}resource.Quantity
  resources core.ResourceRequirements
  volumeMounts []core.VolumeMountStatus ps=merge pk=mountPath lt=map lk=mountPath
  user core.ContainerUser
  allocatedResourcesStatus []core.ResourceStatus ps=merge pk=name lt=map lk=name
type core.ContainerUser
  linux core.LinuxContainerUser
type core.DaemonEndpoint
  Port int32 !
type core.DownwardAPIProjection
  items []core.DownwardAPIVolumeFile lt=atomic
type core.DownwardAPIVolumeFile
  path string !
  fieldRef core.ObjectFieldSelector
  resourceFieldRef core.ResourceFieldSelector
  mode int32
type core.DownwardAPIVolumeSource
  items []core.DownwardAPIVolumeFile lt=atomic
  defaultMode int32
type core.EmptyDirVolumeSource
  medium string | Where the directory is kept: "" (the node's disk) or Memory (a tmpfs).
  sizeLimit resource.Quantity | The most the directory may hold.
type core.EndpointAddress mt=atomic | One endpoint address.
  ip string !
  hostname string
  nodeName string
  targetRef core.ObjectReference
type core.EndpointPort mt=atomic
  name string
  port int32 !
  protocol string enum=TCP,UDP,SCTP
  appProtocol string
type core.EndpointSubset | Addresses and the ports they all serve.
  addresses []core.EndpointAddress lt=atomic
  notReadyAddresses []core.EndpointAddress lt=atomic
  ports []core.EndpointPort lt=atomic
type core.Endpoints gvk=/v1/Endpoints | The addresses and ports that implement a service.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  subsets []core.EndpointSubset lt=atomic
type core.EndpointsList gvk=/v1/EndpointsList | A list of Endpoints objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.Endpoints ! | The objects of the list.
type core.EnvFromSource
  prefix string | A prefix added to every variable name.
  configMapRef core.ConfigMapEnvSource | The config map whose keys become variables.
  secretRef core.SecretEnvSource | The secret whose keys become variables.
type core.EnvVar | One environment variable.
  name string ! | The variable's name.
  value string | The variable's value. $(VAR) references are expanded.
  valueFrom core.EnvVarSource | Takes the value from a field, a resource, a config map or a secret.
type core.EnvVarSource | Where an environment variable's value comes from.
  fieldRef core.ObjectFieldSelector | A field of the pod: metadata.name, metadata.namespace, metadata.labels['k'], spec.nodeName, status.podIP, ...
  resourceFieldRef core.ResourceFieldSelector | A resource limit or request of a container.
  configMapKeyRef core.ConfigMapKeySelector | A key of a config map.
  secretKeyRef core.SecretKeySelector | A key of a secret.
type core.EphemeralContainer
  name string !
  image string
  command []string lt=atomic
  args []string lt=atomic
  workingDir string
  ports []core.ContainerPort ps=merge pk=containerPort lt=map lk=containerPort,protocol
  envFrom []core.EnvFromSource lt=atomic
  env []core.EnvVar ps=merge pk=name lt=map lk=name
  resources core.ResourceRequirements
  resizePolicy []core.ContainerResizePolicy lt=atomic
  restartPolicy string
  volumeMounts []core.VolumeMount ps=merge pk=mountPath lt=map lk=mountPath
  volumeDevices []core.VolumeDevice ps=merge pk=devicePath lt=map lk=devicePath
  livenessProbe core.Probe
  readinessProbe core.Probe
  startupProbe core.Probe
  lifecycle core.Lifecycle
  terminationMessagePath string
  terminationMessagePolicy string enum=File,FallbackToLogsOnError
  imagePullPolicy string enum=Always,Never,IfNotPresent
  securityContext core.SecurityContext
  stdin bool
  stdinOnce bool
  tty bool
  targetContainerName string
type core.EphemeralVolumeSource
  volumeClaimTemplate core.PersistentVolumeClaimTemplate
type core.Event gvk=/v1/Event | An Event reports something that happened to an object.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta ! | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  involvedObject core.ObjectReference ! | The object the event is about.
  reason string | A short, machine-readable reason.
  message string | A human-readable description.
  source core.EventSource
  firstTimestamp meta.Time | When the event first happened.
  lastTimestamp meta.Time | When the event last happened.
  count int32 | How many times the event happened.
  type string | Normal or Warning.
  eventTime meta.MicroTime
  series core.EventSeries
  action string
  related core.ObjectReference
  reportingComponent string
  reportingInstance string
type core.EventList gvk=/v1/EventList | A list of Event objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.Event ! | The objects of the list.
type core.EventSeries
  count int32
  lastObservedTime meta.MicroTime
type core.EventSource
  component string
  host string
type core.ExecAction | A command run in the container; exit status 0 is success.
  command []string lt=atomic | The command and its arguments. Not run in a shell.
type core.FCVolumeSource
  targetWWNs []string lt=atomic
  lun int32
  fsType string
  readOnly bool
  wwids []string lt=atomic
type core.FlexPersistentVolumeSource
  driver string !
  fsType string
  secretRef core.SecretReference
  readOnly bool
  options {}string
type core.FlexVolumeSource
  driver string !
  fsType string
  secretRef core.LocalObjectReference
  readOnly bool
  options {}string
type core.FlockerVolumeSource
  datasetName string
  datasetUUID string
type core.GCEPersistentDiskVolumeSource
  pdName string !
  fsType string
  partition int32
  readOnly bool
type core.GRPCAction
  port int32 !
  service string
type core.GitRepoVolumeSource
  repository string !
  revision string
  directory string
type core.GlusterfsPersistentVolumeSource
  endpoints string !
  path string !
  readOnly bool
  endpointsNamespace string
type core.GlusterfsVolumeSource
  endpoints string !
  path string !
  readOnly bool
type core.HTTPGetAction | An HTTP GET request; a status from 200 to 399 is success.
  path string | The path to request.
  port intstr.IntOrString ! | The port, by number or by container port name.
  host string | The host to connect to; defaults to the pod IP.
  scheme string enum=HTTP,HTTPS | HTTP or HTTPS. Defaults to HTTP.
  httpHeaders []core.HTTPHeader lt=atomic | Extra request headers.
type core.HTTPHeader
  name string !
  value string !
type core.HostAlias
  ip string !
  hostnames []string lt=atomic
type core.HostIP
  ip string !
type core.HostPathVolumeSource
  path string ! | The path on the node.
  type string enum="",DirectoryOrCreate,Directory,FileOrCreate,File,Socket,CharDevice,BlockDevice | What must be at the path: "", DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice or BlockDevice.
type core.ISCSIPersistentVolumeSource
  targetPortal string !
  iqn string !
  lun int32 !
  iscsiInterface string
  fsType string
  readOnly bool
  portals []string lt=atomic
  chapAuthDiscovery bool
  chapAuthSession bool
  secretRef core.SecretReference
  initiatorName string
type core.ISCSIVolumeSource
  targetPortal string !
  iqn string !
  lun int32 !
  iscsiInterface string
  fsType string
  readOnly bool
  portals []string lt=atomic
  chapAuthDiscovery bool
  chapAuthSession bool
  secretRef core.LocalObjectReference
  initiatorName string
type core.ImageVolumeSource
  reference string
  pullPolicy string enum=Always,Never,IfNotPresent
type core.KeyToPath | One key of a config map or secret and the file it becomes.
  key string ! | The key to project.
  path string ! | The relative path of the file.
  mode int32
type core.Lifecycle | Actions run when a container starts and before it stops.
  postStart core.LifecycleHandler | Runs right after the container is created.
  preStop core.LifecycleHandler | Runs before the container is stopped; the stop waits for it (within the grace period).
type core.LifecycleHandler
  exec core.ExecAction
  httpGet core.HTTPGetAction
  tcpSocket core.TCPSocketAction
  sleep core.SleepAction
type core.LimitRange gvk=/v1/LimitRange | A LimitRange sets default and bounding resource amounts for the objects of a namespace.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec core.LimitRangeSpec | The desired state of the object, written by its users.
type core.LimitRangeItem | Limits for one kind of object: Container, Pod or PersistentVolumeClaim.
  type string !
  max {}resource.Quantity
  min {}resource.Quantity
  default {}resource.Quantity
  defaultRequest {}resource.Quantity
  maxLimitRequestRatio {}resource.Quantity
type core.LimitRangeList gvk=/v1/LimitRangeList | A list of LimitRange objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.LimitRange ! | The objects of the list.
type core.LimitRangeSpec
  limits []core.LimitRangeItem ! lt=atomic
type core.LinuxContainerUser
  uid int64 !
  gid int64 !
  supplementalGroups []int64 lt=atomic
type core.LoadBalancerIngress
  ip string
  hostname string
  ipMode string
  ports []core.PortStatus lt=atomic
type core.LoadBalancerStatus
  ingress []core.LoadBalancerIngress lt=atomic
type core.LocalObjectReference mt=atomic | A reference to an object in the same namespace, by name.
  name string | The name of the object.
type core.LocalVolumeSource
  path string !
  fsType string
type core.ModifyVolumeStatus
  targetVolumeAttributesClassName string
  status string ! enum=Pending,InProgress,Infeasible
type core.NFSVolumeSource
  server string !
  path string !
  readOnly bool
type core.Namespace gvk=/v1/Namespace | A Namespace is a scope for names and for access control; most objects live in one.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec core.NamespaceSpec | The desired state of the object, written by its users.
  status core.NamespaceStatus | The most recently observed state of the object, written by the system. Read-only for users.
type core.NamespaceCondition
  type string !
  status string !
  lastTransitionTime meta.Time
  reason string
  message string
type core.NamespaceList gvk=/v1/NamespaceList | A list of Namespace objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.Namespace ! | The objects of the list.
type core.NamespaceSpec
  finalizers []string lt=atomic | Work that must finish before the namespace is removed.
type core.NamespaceStatus
  phase string enum=Active,Terminating | Active or Terminating.
  conditions []core.NamespaceCondition ps=merge pk=type lt=map lk=type | The latest observations of the object's state, one per condition type.
type core.Node gvk=/v1/Node | A Node is a machine, physical or virtual, that runs pods.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec core.NodeSpec | The desired state of the object, written by its users.
  status core.NodeStatus | The most recently observed state of the object, written by the system. Read-only for users.
type core.NodeAddress
  type string !
  address string !
type core.NodeAffinity
  requiredDuringSchedulingIgnoredDuringExecution core.NodeSelector
  preferredDuringSchedulingIgnoredDuringExecution []core.PreferredSchedulingTerm lt=atomic
type core.NodeCondition
  type string !
  status string !
  lastHeartbeatTime meta.Time
  lastTransitionTime meta.Time
  reason string
  message string
type core.NodeConfigSource
  configMap core.ConfigMapNodeConfigSource
type core.NodeConfigStatus
  assigned core.NodeConfigSource
  active core.NodeConfigSource
  lastKnownGood core.NodeConfigSource
  error string
type core.NodeDaemonEndpoints
  kubeletEndpoint core.DaemonEndpoint
type core.NodeFeatures
  supplementalGroupsPolicy bool
type core.NodeList gvk=/v1/NodeList | A list of Node objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.Node ! | The objects of the list.
type core.NodeRuntimeHandler
  name string
  features core.NodeRuntimeHandlerFeatures
type core.NodeRuntimeHandlerFeatures
  recursiveReadOnlyMounts bool
  userNamespaces bool
type core.NodeSelector mt=atomic
  nodeSelectorTerms []core.NodeSelectorTerm ! lt=atomic
type core.NodeSelectorRequirement
  key string !
  operator string ! enum=In,NotIn,Exists,DoesNotExist,Gt,Lt
  values []string lt=atomic
type core.NodeSelectorTerm mt=atomic
  matchExpressions []core.NodeSelectorRequirement lt=atomic
  matchFields []core.NodeSelectorRequirement lt=atomic
type core.NodeSpec
  podCIDR string | The pod IP range of the node.
  podCIDRs []string ps=merge lt=set
  providerID string
  unschedulable bool | Keep new pods off the node (kubectl cordon).
  taints []core.Taint lt=atomic | The node's taints.
  configSource core.NodeConfigSource
  externalID string
type core.NodeStatus
  capacity {}resource.Quantity | The node's total resources.
  allocatable {}resource.Quantity | The resources available to pods.
  phase string enum=Pending,Running,Terminated
  conditions []core.NodeCondition ps=merge pk=type lt=map lk=type | Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable.
  addresses []core.NodeAddress ps=merge pk=type lt=map lk=type | The node's addresses: InternalIP, ExternalIP, Hostname.
  daemonEndpoints core.NodeDaemonEndpoints
  nodeInfo core.NodeSystemInfo | Versions and identifiers of the node's software.
  images []core.ContainerImage lt=atomic
  volumesInUse []string lt=atomic
  volumesAttached []core.AttachedVolume lt=atomic
  config core.NodeConfigStatus
  runtimeHandlers []core.NodeRuntimeHandler lt=atomic
  features core.NodeFeatures
type core.NodeSystemInfo
  machineID string !
  systemUUID string !
  bootID string !
  kernelVersion string !
  osImage string !
  containerRuntimeVersion string !
  kubeletVersion string !
  kubeProxyVersion string !
  operatingSystem string !
  architecture string !
type core.ObjectFieldSelector mt=atomic
  apiVersion string
  fieldPath string !
type core.ObjectReference mt=atomic | A reference to any object.
  kind string | The kind of the object.
  namespace string | The namespace of the object.
  name string | The name of the object.
  uid string | The UID of the object.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  resourceVersion string
  fieldPath string
type core.PersistentVolume gvk=/v1/PersistentVolume | A PersistentVolume is a piece of storage in the cluster, provisioned by an administrator or dynamically.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec core.PersistentVolumeSpec | The desired state of the object, written by its users.
  status core.PersistentVolumeStatus | The most recently observed state of the object, written by the system. Read-only for users.
type core.PersistentVolumeClaim gvk=/v1/PersistentVolumeClaim | A PersistentVolumeClaim is a user's request for storage, bound to a PersistentVolume.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec core.PersistentVolumeClaimSpec | The desired state of the object, written by its users.
  status core.PersistentVolumeClaimStatus | The most recently observed state of the object, written by the system. Read-only for users.
type core.PersistentVolumeClaimCondition
  type string !
  status string !
  lastProbeTime meta.Time
  lastTransitionTime meta.Time
  reason string
  message string
type core.PersistentVolumeClaimList gvk=/v1/PersistentVolumeClaimList | A list of PersistentVolumeClaim objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.PersistentVolumeClaim ! | The objects of the list.
type core.PersistentVolumeClaimSpec
  accessModes []string lt=atomic | How the volume may be mounted: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod.
  selector meta.LabelSelector | A label query over the pods (or other objects) this object manages.
  resources core.VolumeResourceRequirements | The storage requested.
  volumeName string | The volume to bind to.
  storageClassName string | The storage class to provision from; "" asks for a volume without a class.
  volumeMode string enum=Block,Filesystem | Filesystem (the default) or Block.
  dataSource core.TypedLocalObjectReference
  dataSourceRef core.TypedObjectReference
  volumeAttributesClassName string
type core.PersistentVolumeClaimStatus
  phase string enum=Pending,Bound,Lost
  accessModes []string lt=atomic
  capacity {}resource.Quantity
  conditions []core.PersistentVolumeClaimCondition ps=merge pk=type lt=map lk=type | The latest observations of the object's state, one per condition type.
  allocatedResources {}resource.Quantity
  allocatedResourceStatuses {}string mt=granular
  currentVolumeAttributesClassName string
  modifyVolumeStatus core.ModifyVolumeStatus
type core.PersistentVolumeClaimTemplate
  metadata meta.ObjectMeta
  spec core.PersistentVolumeClaimSpec !
type core.PersistentVolumeClaimVolumeSource
  claimName string ! | The claim's name, in the pod's namespace.
  readOnly bool
type core.PersistentVolumeList gvk=/v1/PersistentVolumeList | A list of PersistentVolume objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.PersistentVolume ! | The objects of the list.
type core.PersistentVolumeSpec
  capacity {}resource.Quantity | The volume's size.
  gcePersistentDisk core.GCEPersistentDiskVolumeSource
  awsElasticBlockStore core.AWSElasticBlockStoreVolumeSource
  hostPath core.HostPathVolumeSource
  glusterfs core.GlusterfsPersistentVolumeSource
  nfs core.NFSVolumeSource
  rbd core.RBDPersistentVolumeSource
  iscsi core.ISCSIPersistentVolumeSource
  cinder core.CinderPersistentVolumeSource
  cephfs core.CephFSPersistentVolumeSource
  fc core.FCVolumeSource
  flocker core.FlockerVolumeSource
  flexVolume core.FlexPersistentVolumeSource
  azureFile core.AzureFilePersistentVolumeSource
  vsphereVolume core.VsphereVirtualDiskVolumeSource
  quobyte core.QuobyteVolumeSource
  azureDisk core.AzureDiskVolumeSource
  photonPersistentDisk core.PhotonPersistentDiskVolumeSource
  portworxVolume core.PortworxVolumeSource
  scaleIO core.ScaleIOPersistentVolumeSource
  local core.LocalVolumeSource
  storageos core.StorageOSPersistentVolumeSource
  csi core.CSIPersistentVolumeSource
  accessModes []string lt=atomic | How the volume may be mounted.
  claimRef core.ObjectReference | The claim bound to this volume.
  persistentVolumeReclaimPolicy string enum=Recycle,Delete,Retain | What happens when the claim goes: Retain, Delete or Recycle.
  storageClassName string
  mountOptions []string lt=atomic
  volumeMode string enum=Block,Filesystem
  nodeAffinity core.VolumeNodeAffinity
  volumeAttributesClassName string
type core.PersistentVolumeStatus
  phase string enum=Pending,Available,Bound,Released,Failed
  message string
  reason string
  lastPhaseTransitionTime meta.Time
type core.PhotonPersistentDiskVolumeSource
  pdID string !
  fsType string
type core.Pod gvk=/v1/Pod | A Pod is a group of containers scheduled together on one node, sharing network and storage. It is the smallest unit Kubernetes runs.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec core.PodSpec | The desired state of the object, written by its users.
  status core.PodStatus | The most recently observed state of the object, written by the system. Read-only for users.
type core.PodAffinity
  requiredDuringSchedulingIgnoredDuringExecution []core.PodAffinityTerm lt=atomic
  preferredDuringSchedulingIgnoredDuringExecution []core.WeightedPodAffinityTerm lt=atomic
type core.PodAffinityTerm
  labelSelector meta.LabelSelector
  namespaces []string lt=atomic
  topologyKey string !
  namespaceSelector meta.LabelSelector
  matchLabelKeys []string lt=atomic
  mismatchLabelKeys []string lt=atomic
type core.PodAntiAffinity
  requiredDuringSchedulingIgnoredDuringExecution []core.PodAffinityTerm lt=atomic
  preferredDuringSchedulingIgnoredDuringExecution []core.WeightedPodAffinityTerm lt=atomic
type core.PodCondition | One condition of a pod: PodScheduled, Initialized, ContainersReady, Ready, ...
  type string !
  status string !
  lastProbeTime meta.Time
  lastTransitionTime meta.Time
  reason string
  message string
type core.PodDNSConfig
  nameservers []string lt=atomic
  searches []string lt=atomic
  options []core.PodDNSConfigOption lt=atomic
type core.PodDNSConfigOption
  name string
  value string
type core.PodIP
  ip string !
type core.PodList gvk=/v1/PodList | A list of Pod objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.Pod ! | The objects of the list.
type core.PodOS
  name string !
type core.PodReadinessGate
  conditionType string !
type core.PodResourceClaim
  name string !
  resourceClaimName string
  resourceClaimTemplateName string
type core.PodResourceClaimStatus
  name string !
  resourceClaimName string
type core.PodSchedulingGate
  name string !
type core.PodSecurityContext | Security settings of a pod, applied to all its containers.
  seLinuxOptions core.SELinuxOptions
  windowsOptions core.WindowsSecurityContextOptions
  runAsUser int64 | The UID containers run as, unless they say otherwise.
  runAsGroup int64 | The GID containers run as, unless they say otherwise.
  runAsNonRoot bool | Refuse to start containers as root.
  supplementalGroups []int64 lt=atomic | More groups for the processes of every container.
  supplementalGroupsPolicy string enum=Merge,Strict
  fsGroup int64 | A group that owns the pod's volumes and is added to every container's processes.
  sysctls []core.Sysctl lt=atomic
  fsGroupChangePolicy string enum=OnRootMismatch,Always
  seccompProfile core.SeccompProfile
  appArmorProfile core.AppArmorProfile
  seLinuxChangePolicy string
type core.PodSpec | The desired state of a pod: its containers, volumes and scheduling constraints.
  volumes []core.Volume ps=merge,retainKeys pk=name lt=map lk=name | Volumes the pod's containers can mount.
  initContainers []core.Container ps=merge pk=name lt=map lk=name | Containers that run to completion, one after another, before the app containers start.
  containers []core.Container ! ps=merge pk=name lt=map lk=name | The containers of the pod. At least one is required; none can be added or removed after creation.
  ephemeralContainers []core.EphemeralContainer ps=merge pk=name lt=map lk=name | Containers added to a running pod for debugging.
  restartPolicy string enum=Always,OnFailure,Never | When containers are restarted: Always, OnFailure or Never. Defaults to Always.
  terminationGracePeriodSeconds int64 | Seconds the pod has to stop after being asked to, before it is killed. Defaults to 30.
  activeDeadlineSeconds int64 | Seconds the pod may run, counted from its start, before the system kills it.
  dnsPolicy string enum=ClusterFirstWithHostNet,ClusterFirst,Default,None | How DNS is set up in the pod: ClusterFirst (the default), ClusterFirstWithHostNet, Default or None.
  nodeSelector {}string mt=atomic | Labels a node must have for the pod to be scheduled on it.
  serviceAccountName string | The service account the pod runs as.
  serviceAccount string | Deprecated: use serviceAccountName.
  automountServiceAccountToken bool | Whether the service account token is mounted into the pod.
  nodeName string | The node the pod is bound to. Set by the scheduler; set it yourself to skip scheduling.
  hostNetwork bool | Use the node's network namespace. Defaults to false.
  hostPID bool | Use the node's process namespace. Defaults to false.
  hostIPC bool | Use the node's IPC namespace. Defaults to false.
  shareProcessNamespace bool
  securityContext core.PodSecurityContext | Security settings for the whole pod.
  imagePullSecrets []core.LocalObjectReference ps=merge pk=name lt=map lk=name | Secrets holding registry credentials used to pull the pod's images.
  hostname string | The pod's hostname. Defaults to a system-chosen value.
  subdomain string | The pod's subdomain; the pod's FQDN becomes <hostname>.<subdomain>.<namespace>.svc.<cluster domain>.
  affinity core.Affinity | Node and pod affinity and anti-affinity rules for scheduling.
  schedulerName string | The scheduler that schedules the pod. Defaults to "default-scheduler".
  tolerations []core.Toleration lt=atomic | The taints the pod tolerates.
  hostAliases []core.HostAlias ps=merge pk=ip lt=map lk=ip | Entries added to the pod's /etc/hosts.
  priorityClassName string | The priority class of the pod.
  priority int32 | The pod's priority, resolved from priorityClassName by admission.
  dnsConfig core.PodDNSConfig
  readinessGates []core.PodReadinessGate lt=atomic
  runtimeClassName string
  enableServiceLinks bool | Whether service environment variables are injected into the containers. Defaults to true.
  preemptionPolicy string enum=PreemptLowerPriority,Never
  overhead {}resource.Quantity
  topologySpreadConstraints []core.TopologySpreadConstraint ps=merge pk=topologyKey lt=map lk=topologyKey,whenUnsatisfiable | How the pods of a group spread across topology domains (zones, nodes).
  setHostnameAsFQDN bool
  os core.PodOS
  hostUsers bool
  schedulingGates []core.PodSchedulingGate ps=merge pk=name lt=map lk=name
  resourceClaims []core.PodResourceClaim ps=merge,retainKeys pk=name lt=map lk=name
  resources core.ResourceRequirements
type core.PodStatus | The observed state of a pod.
  phase string enum=Pending,Running,Succeeded,Failed,Unknown | Where the pod is in its life: Pending, Running, Succeeded, Failed or Unknown.
  conditions []core.PodCondition ps=merge pk=type lt=map lk=type | The latest observations of the object's state, one per condition type.
  message string
  reason string
  nominatedNodeName string
  hostIP string | The IP address of the node the pod runs on.
  hostIPs []core.HostIP ps=merge pk=ip lt=atomic
  podIP string | The IP address of the pod, once it has one.
  podIPs []core.PodIP ps=merge pk=ip lt=map lk=ip
  startTime meta.Time | When the kubelet accepted the pod.
  initContainerStatuses []core.ContainerStatus lt=atomic
  containerStatuses []core.ContainerStatus lt=atomic | The state of each app container.
  qosClass string enum=Guaranteed,Burstable,BestEffort | The quality-of-service class: Guaranteed, Burstable or BestEffort.
  ephemeralContainerStatuses []core.ContainerStatus lt=atomic
  resize string
  resourceClaimStatuses []core.PodResourceClaimStatus ps=merge,retainKeys pk=name lt=map lk=name
type core.PodTemplate gvk=/v1/PodTemplate | A stored pod template.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  template core.PodTemplateSpec | The pod template new pods are made from.
type core.PodTemplateList gvk=/v1/PodTemplateList | A list of PodTemplate objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.PodTemplate ! | The objects of the list.
type core.PodTemplateSpec | What pods created from a template look like: their metadata and spec.
  metadata meta.ObjectMeta
  spec core.PodSpec
type core.PortStatus
  port int32 !
  protocol string ! enum=TCP,UDP,SCTP
  error string
type core.PortworxVolumeSource
  volumeID string !
  fsType string
  readOnly bool
type core.PreferredSchedulingTerm
  weight int32 !
  preference core.NodeSelectorTerm !
type core.Probe | A health check of a container: how to test it and how often.
  exec core.ExecAction | Run a command in the container.
  httpGet core.HTTPGetAction | Send an HTTP GET request.
  tcpSocket core.TCPSocketAction | Open a TCP connection.
  grpc core.GRPCAction | Call the gRPC health checking protocol.
  initialDelaySeconds int32 | Seconds after the container starts before the first check.
  timeoutSeconds int32 | Seconds after which a check counts as failed. Defaults to 1.
  periodSeconds int32 | Seconds between checks. Defaults to 10.
  successThreshold int32 | Consecutive successes after which a failed probe passes again. Defaults to 1.
  failureThreshold int32 | Consecutive failures after which the probe fails. Defaults to 3.
  terminationGracePeriodSeconds int64
type core.ProjectedVolumeSource
  sources []core.VolumeProjection lt=atomic
  defaultMode int32
type core.QuobyteVolumeSource
  registry string !
  volume string !
  readOnly bool
  user string
  group string
  tenant string
type core.RBDPersistentVolumeSource
  monitors []string ! lt=atomic
  image string !
  fsType string
  pool string
  user string
  keyring string
  secretRef core.SecretReference
  readOnly bool
type core.RBDVolumeSource
  monitors []string ! lt=atomic
  image string !
  fsType string
  pool string
  user string
  keyring string
  secretRef core.LocalObjectReference
  readOnly bool
type core.ReplicationController gvk=/v1/ReplicationController | A ReplicationController keeps a number of pod replicas running. Deployments and ReplicaSets replace it.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec core.ReplicationControllerSpec | The desired state of the object, written by its users.
  status core.ReplicationControllerStatus | The most recently observed state of the object, written by the system. Read-only for users.
type core.ReplicationControllerCondition
  type string !
  status string !
  lastTransitionTime meta.Time
  reason string
  message string
type core.ReplicationControllerList gvk=/v1/ReplicationControllerList | A list of ReplicationController objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.ReplicationController ! | The objects of the list.
type core.ReplicationControllerSpec
  replicas int32
  minReadySeconds int32 | Seconds a new pod must be ready, without any container crashing, before it counts as available. Defaults to 0.
  selector {}string mt=atomic
  template core.PodTemplateSpec | The pod template new pods are made from.
type core.ReplicationControllerStatus
  replicas int32 !
  fullyLabeledReplicas int32
  readyReplicas int32
  availableReplicas int32
  observedGeneration int64 | The metadata.generation this status was computed for.
  conditions []core.ReplicationControllerCondition ps=merge pk=type lt=map lk=type | The latest observations of the object's state, one per condition type.
type core.ResourceClaim
  name string !
  request string
type core.ResourceFieldSelector mt=atomic
  containerName string
  resource string !
  divisor resource.Quantity
type core.ResourceHealth
  resourceID string !
  health string
type core.ResourceQuota gvk=/v1/ResourceQuota | A ResourceQuota caps the total resources the objects of a namespace may use.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec core.ResourceQuotaSpec | The desired state of the object, written by its users.
  status core.ResourceQuotaStatus | The most recently observed state of the object, written by the system. Read-only for users.
type core.ResourceQuotaList gvk=/v1/ResourceQuotaList | A list of ResourceQuota objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.ResourceQuota ! | The objects of the list.
type core.ResourceQuotaSpec
  hard {}resource.Quantity | The most of each resource the namespace may use.
  scopes []string lt=atomic
  scopeSelector core.ScopeSelector
type core.ResourceQuotaStatus
  hard {}resource.Quantity
  used {}resource.Quantity | What the namespace uses now.
type core.ResourceRequirements | Compute resources: what a container requests and what it may use at most.
  limits {}resource.Quantity | The most of each resource the container may use.
  requests {}resource.Quantity | The resources the container needs; scheduling reserves them. Defaults to limits when only those are set.
  claims []core.ResourceClaim lt=map lk=name
type core.ResourceStatus
  name string !
  resources []core.ResourceHealth lt=map lk=resourceID
type core.SELinuxOptions
  user string
  role string
  type string
  level string
type core.ScaleIOPersistentVolumeSource
  gateway string !
  system string !
  secretRef core.SecretReference !
  sslEnabled bool
  protectionDomain string
  storagePool string
  storageMode string
  volumeName string
  fsType string
  readOnly bool
type core.ScaleIOVolumeSource
  gateway string !
  system string !
  secretRef core.LocalObjectReference !
  sslEnabled bool
  protectionDomain string
  storagePool string
  storageMode string
  volumeName string
  fsType string
  readOnly bool
type core.ScopeSelector mt=atomic
  matchExpressions []core.ScopedResourceSelectorRequirement lt=atomic
type core.ScopedResourceSelectorRequirement
  scopeName string ! enum=Terminating,NotTerminating,BestEffort,NotBestEffort,PriorityClass,CrossNamespacePodAffinity
  operator string ! enum=In,NotIn,Exists,DoesNotExist
  values []string lt=atomic
type core.SeccompProfile
  type string ! enum=Unconfined,RuntimeDefault,Localhost
  localhostProfile string
type core.Secret gvk=/v1/Secret | A Secret holds a small amount of sensitive data, such as a password, token or key.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  immutable bool
  data {}bytes | The secret data, base64-encoded.
  stringData {}string | Write-only plain-text data, merged into data on writes.
  type string | The type of the secret, which fixes the keys it must have. Defaults to Opaque.
type core.SecretEnvSource
  name string
  optional bool
type core.SecretKeySelector mt=atomic
  name string
  key string !
  optional bool
type core.SecretList gvk=/v1/SecretList | A list of Secret objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.Secret ! | The objects of the list.
type core.SecretProjection
  name string
  items []core.KeyToPath lt=atomic
  optional bool
type core.SecretReference mt=atomic
  name string
  namespace string
type core.SecretVolumeSource
  secretName string | The secret's name.
  items []core.KeyToPath lt=atomic | Which keys to project and where; all keys when empty.
  defaultMode int32 | Permission bits of the files (0000 to 0777). Defaults to 0644.
  optional bool
type core.SecurityContext | Security settings of a container.
  capabilities core.Capabilities | Linux capabilities to add and drop.
  privileged bool | Run as privileged: root on the host, in effect.
  seLinuxOptions core.SELinuxOptions
  windowsOptions core.WindowsSecurityContextOptions
  runAsUser int64 | The UID the entrypoint runs as.
  runAsGroup int64 | The GID the entrypoint runs as.
  runAsNonRoot bool | Refuse to start the container as root.
  readOnlyRootFilesystem bool | Mount the container's root filesystem read-only.
  allowPrivilegeEscalation bool | Whether a process may gain more privileges than its parent.
  procMount string enum=Default,Unmasked
  seccompProfile core.SeccompProfile
  appArmorProfile core.AppArmorProfile
type core.Service gvk=/v1/Service | A Service gives a set of pods, chosen by a label selector, one stable virtual IP address and DNS name, and balances traffic among them.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  spec core.ServiceSpec | The desired state of the object, written by its users.
  status core.ServiceStatus | The most recently observed state of the object, written by the system. Read-only for users.
type core.ServiceAccount gvk=/v1/ServiceAccount | A ServiceAccount is an identity for processes that run in pods.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ObjectMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  secrets []core.ObjectReference ps=merge pk=name lt=map lk=name | Deprecated: secrets of the service account.
  imagePullSecrets []core.LocalObjectReference lt=atomic | Registry credentials added to pods that run as this account.
  automountServiceAccountToken bool | Whether pods get this account's token mounted by default.
type core.ServiceAccountList gvk=/v1/ServiceAccountList | A list of ServiceAccount objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.ServiceAccount ! | The objects of the list.
type core.ServiceAccountTokenProjection
  audience string
  expirationSeconds int64
  path string !
type core.ServiceList gvk=/v1/ServiceList | A list of Service objects.
  apiVersion string | The versioned schema of this object, as group/version ("apps/v1") or just "v1" for the core group. The server converts objects it receives to its own version.
  kind string | The type of this object, in CamelCase ("Deployment"). Set by clients on writes; the server fills it in on reads.
  metadata meta.ListMeta | Standard object metadata: name, namespace, labels, annotations, owner references and the fields the server maintains.
  items []core.Service ! | The objects of the list.
type core.ServicePort | A port a service exposes.
  name string | The port's name, required when the service has several ports.
  protocol string enum=TCP,UDP,SCTP | TCP, UDP or SCTP. Defaults to TCP.
  appProtocol string | The application protocol, as a hint to implementations.
  port int32 ! | The port the service listens on.
  targetPort intstr.IntOrString | The pod port (number or name) traffic goes to. Defaults to port.
  nodePort int32 | On NodePort and LoadBalancer services, the port opened on every node.
type core.ServiceSpec | The desired state of a service.
  ports []core.ServicePort ps=merge pk=port lt=map lk=port,protocol | The ports the service exposes.
  selector {}string mt=atomic | Traffic goes to pods whose labels match these pairs. Without a selector, endpoints are managed by hand.
  clusterIP string | The virtual IP address of the service; allocated when empty, "None" for a headless service.
  clusterIPs []string lt=atomic | The service's virtual IPs, one per IP family; the first equals clusterIP.
  type string enum=ClusterIP,NodePort,LoadBalancer,ExternalName | How the service is exposed: ClusterIP (the default), NodePort, LoadBalancer or ExternalName.
  externalIPs []string lt=atomic
  sessionAffinity string enum=ClientIP,None | ClientIP to keep a client on one pod, or None (the default).
  loadBalancerIP string | Deprecated: the address to ask a load balancer for.
  loadBalancerSourceRanges []string lt=atomic
  externalName string | With type ExternalName: the DNS name the service is an alias of.
  externalTrafficPolicy string enum=Cluster,Local | Cluster (the default) or Local: whether node ports and load balancers forward only to local endpoints.
  healthCheckNodePort int32
  publishNotReadyAddresses bool | Publish endpoints of pods that are not ready.
  sessionAffinityConfig core.SessionAffinityConfig
  ipFamilies []string lt=atomic | The IP families (IPv4, IPv6) of the service.
  ipFamilyPolicy string enum=SingleStack,PreferDualStack,RequireDualStack | SingleStack, PreferDualStack or RequireDualStack.
  allocateLoadBalancerNodePorts bool
  loadBalancerClass string
  internalTrafficPolicy string enum=Cluster,Local | Cluster (the default) or Local: whether in-cluster traffic goes only to endpoints on the sending node.
  trafficDistribution string
type core.ServiceStatus
  loadBalancer core.LoadBalancerStatus | The load balancer, if any.
  conditions []meta.Condition ps=merge pk=type lt=map lk=type | The latest observations of the object's state, one per condition type.
type core.SessionAffinityConfig
  clientIP core.ClientIPConfig
type core.SleepAction
  seconds int64 !
)dsl",
      R"dsl(
type core.StorageOSPersistentVolumeSource
  volumeName string
  volumeNamespace string
  fsType string
  readOnly bool
  secretRef core.ObjectReference
type core.StorageOSVolumeSource
  volumeName string
  volumeNamespace string
  fsType string
  readOnly bool
  secretRef core.LocalObjectReference
type core.Sysctl
  name string !
  value string !
type core.TCPSocketAction | A TCP connection; success when it opens.
  port intstr.IntOrString ! | The port, by number or by container port name.
  host string
type core.Taint | A mark on a node that repels pods not tolerating it.
  key string !
  value string
  effect string ! enum=NoSchedule,PreferNoSchedule,NoExecute
  timeAdded meta.Time
type core.Toleration | Lets a pod be scheduled onto (or stay on) nodes with a matching taint.
  key string | The taint key; empty with operator Exists tolerates every taint.
  operator string enum=Exists,Equal | Exists or Equal (the default).
  value string | The taint value to match with Equal.
  effect string enum=NoSchedule,PreferNoSchedule,NoExecute | The taint effect to match: NoSchedule, PreferNoSchedule or NoExecute; empty matches all.
  tolerationSeconds int64 | With NoExecute: how long the pod stays after the taint appears.
type core.TopologySelectorLabelRequirement
  key string !
  values []string ! lt=atomic
type core.TopologySelectorTerm mt=atomic
  matchLabelExpressions []core.TopologySelectorLabelRequirement lt=atomic
type core.TopologySpreadConstraint
  maxSkew int32 !
  topologyKey string !
  whenUnsatisfiable string ! enum=DoNotSchedule,ScheduleAnyway
  labelSelector meta.LabelSelector
  minDomains int32
  nodeAffinityPolicy string enum=Ignore,Honor
  nodeTaintsPolicy string enum=Ignore,Honor
  matchLabelKeys []string lt=atomic
type core.TypedLocalObjectReference mt=atomic
  apiGroup string
  kind string !
  name string !
type core.TypedObjectReference
  apiGroup string
  kind string !
  name string !
  namespace string
type core.Volume | A named volume the pod's containers can mount.
  name string ! | The volume's name, unique within the pod (a DNS label).
  hostPath core.HostPathVolumeSource | A file or directory of the node. Gives access to the host; use with care.
  emptyDir core.EmptyDirVolumeSource | A directory that starts empty and lives as long as the pod.
  gcePersistentDisk core.GCEPersistentDiskVolumeSource
  awsElasticBlockStore core.AWSElasticBlockStoreVolumeSource
  gitRepo core.GitRepoVolumeSource
  secret core.SecretVolumeSource | A secret's keys as files.
  nfs core.NFSVolumeSource | An NFS export.
  iscsi core.ISCSIVolumeSource
  glusterfs core.GlusterfsVolumeSource
  persistentVolumeClaim core.PersistentVolumeClaimVolumeSource | The volume bound to a claim in the pod's namespace.
  rbd core.RBDVolumeSource
  flexVolume core.FlexVolumeSource
  cinder core.CinderVolumeSource
  cephfs core.CephFSVolumeSource
  flocker core.FlockerVolumeSource
  downwardAPI core.DownwardAPIVolumeSource | Facts about the pod as files.
  fc core.FCVolumeSource
  azureFile core.AzureFileVolumeSource
  configMap core.ConfigMapVolumeSource | A config map's keys as files.
  vsphereVolume core.VsphereVirtualDiskVolumeSource
  quobyte core.QuobyteVolumeSource
  azureDisk core.AzureDiskVolumeSource
  photonPersistentDisk core.PhotonPersistentDiskVolumeSource
  projected core.ProjectedVolumeSource | Several sources (secrets, config maps, downward API, tokens) in one directory.
  portworxVolume core.PortworxVolumeSource
  scaleIO core.ScaleIOVolumeSource
  storageos core.StorageOSVolumeSource
  csi core.CSIVolumeSource
  ephemeral core.EphemeralVolumeSource
  image core.ImageVolumeSource
type core.VolumeDevice
  name string !
  devicePath string !
type core.VolumeMount | Where a volume appears in a container's filesystem.
  name string !
  readOnly bool | Mount read-only. Defaults to false.
  recursiveReadOnly string
  mountPath string ! | The path in the container to mount at. Must not contain ':'.
  subPath string | A path inside the volume to mount instead of its root.
  mountPropagation string enum=None,HostToContainer,Bidirectional
  subPathExpr string
type core.VolumeMountStatus
  name string !
  mountPath string !
  readOnly bool
  recursiveReadOnly string
type core.VolumeNodeAffinity
  required core.NodeSelector
type core.VolumeProjection
  secret core.SecretProjection
  downwardAPI core.DownwardAPIProjection
  configMap core.ConfigMapProjection
  serviceAccountToken core.ServiceAccountTokenProjection
  clusterTrustBundle core.ClusterTrustBundleProjection
type core.VolumeResourceRequirements
  limits {}resource.Quantity
  requests {}resource.Quantity
type core.VsphereVirtualDiskVolumeSource
  volumePath string !
  fsType string
  storagePolicyName string
  storagePolicyID string
type core.WeightedPodAffinityTerm
  weight int32 !
  podAffinityTerm core.PodAffinityTerm !
type core.WindowsSecurityContextOptions
  gmsaCredentialSpecName string
  gmsaCredentialSpec string
  runAsUserName string
  hostProcess bool
)dsl",
  };
}

}  // namespace kubepp::api::openapi

// Protobuf schema table: apimachinery meta/v1: object and list metadata, Status, options.
// The notation is described in schema.h. Field numbers are on the wire of
// every Kubernetes client: DO NOT CHANGE them.
#include "api/protobuf/schema_text.h"

namespace kubepp::api::protobuf {

const char kSchemaMeta[] = R"schema(
@meta meta.k8s.io/v1
!APIGroup name=1:s versions=2:GroupVersionForDiscovery+ preferredVersion=3:GroupVersionForDiscovery? serverAddressByClientCIDRs=4:ServerAddressByClientCIDR+?
!APIGroupList groups=1:APIGroup+
APIResource name=1:s singularName=6:s namespaced=2:t group=8:s? version=9:s? kind=3:s verbs=4:Verbs shortNames=5:s+? categories=7:s+? storageVersionHash=10:s?
!APIResourceList groupVersion=1:s resources=2:APIResource+
!APIVersions versions=1:s+ serverAddressByClientCIDRs=2:ServerAddressByClientCIDR+
!ApplyOptions dryRun=1:s+? force=2:t fieldManager=3:s
Condition type=1:s status=2:s observedGeneration=3:l? lastTransitionTime=4:Time reason=5:s message=6:s
!CreateOptions dryRun=1:s+? fieldManager=3:s? fieldValidation=4:s?
!DeleteOptions gracePeriodSeconds=1:l*? preconditions=2:Preconditions*? orphanDependents=3:t*? propagationPolicy=4:s*? dryRun=5:s+? ignoreStoreReadErrorWithClusterBreakingPotential=6:t*?
FieldSelectorRequirement key=1:s operator=2:s values=3:s+?
!GetOptions resourceVersion=1:s?
GroupKind group=1:s kind=2:s
GroupResource group=1:s resource=2:s
GroupVersion group=1:s version=2:s
GroupVersionForDiscovery groupVersion=1:s version=2:s
GroupVersionKind group=1:s version=2:s kind=3:s
GroupVersionResource group=1:s version=2:s resource=3:s
LabelSelector matchLabels=1:{s,s}? matchExpressions=2:LabelSelectorRequirement+?
LabelSelectorRequirement key=1:s operator=2:s values=3:s+?
!List metadata=1:ListMeta? items=2:rt.RawExtension+
ListMeta selfLink=1:s? resourceVersion=2:s? continue=3:s? remainingItemCount=4:l*?
!ListOptions labelSelector=1:s? fieldSelector=2:s? watch=3:t? allowWatchBookmarks=9:t? resourceVersion=4:s? resourceVersionMatch=10:s? timeoutSeconds=5:l*? limit=7:l? continue=8:s? sendInitialEvents=11:t*?
ManagedFieldsEntry manager=1:s? operation=2:s? apiVersion=3:s? time=4:Time*? fieldsType=6:s? fieldsV1=7:FieldsV1*? subresource=8:s?
ObjectMeta name=1:s? generateName=2:s? namespace=3:s? selfLink=4:s? uid=5:s? resourceVersion=6:s? generation=7:l? creationTimestamp=8:Time? deletionTimestamp=9:Time*? deletionGracePeriodSeconds=10:l*? labels=11:{s,s}? annotations=12:{s,s}? ownerReferences=13:OwnerReference+? finalizers=14:s+? managedFields=17:ManagedFieldsEntry+?
OwnerReference apiVersion=5:s kind=1:s name=3:s uid=4:s controller=6:t*? blockOwnerDeletion=7:t*?
!PartialObjectMetadata metadata=1:ObjectMeta?
!PartialObjectMetadataList metadata=1:ListMeta? items=2:PartialObjectMetadata+
!PatchOptions dryRun=1:s+? force=2:t*? fieldManager=3:s? fieldValidation=4:s?
Preconditions uid=1:s*? resourceVersion=2:s*?
RootPaths paths=1:s+
ServerAddressByClientCIDR clientCIDR=1:s serverAddress=2:s
!Status metadata=1:ListMeta? status=2:s? message=3:s? reason=4:s? details=5:StatusDetails*? code=6:i?
StatusCause reason=1:s? message=2:s? field=3:s?
StatusDetails name=1:s? group=2:s? kind=3:s? uid=6:s? causes=4:StatusCause+? retryAfterSeconds=5:i?
!TableOptions includeObject=1:s?
Timestamp seconds=1:l nanos=2:i
TypeMeta kind=1:s? apiVersion=2:s?
!UpdateOptions dryRun=1:s+? fieldManager=2:s? fieldValidation=3:s?
Verbs @list items=1:s+
WatchEvent type=1:s object=2:rt.RawExtension
)schema";

}  // namespace kubepp::api::protobuf

// A pod as a ReplicaSet creates it (~3 KiB, with the service account's
// volume left out) and the status its kubelet then reports: the sample
// object of the in-process benchmarks.
#pragma once

namespace kubepp::bench {

constexpr const char* kPod =
    R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-5d4f8c7b9-1","namespace":"bench",
"uid":"0b8f0d6e-3f57-4e6b-9a53-5a0c2d1e9f11","creationTimestamp":"2026-01-01T00:00:00Z",
"labels":{"app":"web","tier":"frontend","release":"stable","pod-template-hash":"5d4f8c7b9"},
"annotations":{"prometheus.io/scrape":"true","prometheus.io/port":"9090"},
"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-5d4f8c7b9","uid":"6a1f2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d","controller":true,"blockOwnerDeletion":true}]},
"spec":{"containers":[{"name":"web","image":"registry.example.com/team/web:1.25.3","imagePullPolicy":"IfNotPresent",
"ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"metrics","containerPort":9090,"protocol":"TCP"}],
"env":[{"name":"LOG_LEVEL","value":"info"},{"name":"DATABASE_URL","value":"postgres://db.example.svc.cluster.local:5432/app"},
{"name":"CACHE_SIZE","value":"256"},{"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}}],
"resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"cpu":"500m","memory":"256Mi"}},
"livenessProbe":{"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTP"},"initialDelaySeconds":10,"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},
"volumeMounts":[{"name":"config","readOnly":true,"mountPath":"/etc/web"},{"name":"cache","mountPath":"/var/cache/web"}],
"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
"volumes":[{"name":"config","configMap":{"name":"web-config","defaultMode":420}},{"name":"cache","emptyDir":{"sizeLimit":"1Gi"}}],
"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default",
"nodeName":"node-1","schedulerName":"default-scheduler",
"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]},
"status":{"phase":"Pending","qosClass":"Burstable"}})";

constexpr const char* kStatus = R"({"phase":"Running","conditions":[
{"type":"Initialized","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:01Z"},
{"type":"Ready","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:02Z"},
{"type":"ContainersReady","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:02Z"},
{"type":"PodScheduled","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:00Z"}],
"hostIP":"10.0.0.11","hostIPs":[{"ip":"10.0.0.11"}],"podIP":"10.244.0.2","podIPs":[{"ip":"10.244.0.2"}],
"startTime":"2026-01-01T00:00:00Z","containerStatuses":[{"name":"web","state":{"running":{"startedAt":"2026-01-01T00:00:01Z"}},
"ready":true,"restartCount":0,"image":"registry.example.com/team/web:1.25.3","imageID":"sha256:abc","containerID":"containerd://abc","started":true}],
"qosClass":"Burstable"})";

}  // namespace kubepp::bench

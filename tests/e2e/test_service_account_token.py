"""A pod's service account token through containerd on `kubepp server`.

Every pod gets the kube-api-access-xxxxx projected volume from ServiceAccount admission; the
kubelet fills it (a bound token from TokenRequest, the cluster CA, the namespace). A busybox pod
reads it and calls the apiserver with the token: the API answers as its service account (and
with the pod it is bound to), and a garbage token gets 401.

Pods reach the apiserver at the address of the `kubernetes` Endpoints (kubepp has no Service
proxy for 10.96.0.1 yet), so this module's server listens on every address. busybox's wget does
not verify certificates (its TLS client has no CA store), so the call says
--no-check-certificate; the test checks the mounted ca.crt is the cluster CA instead.
"""

import json
import unittest

import e2e
import harness
from e2e import container_status, phase

BUSYBOX = "kubepp.local/busybox:1.35"

# Runs in the pod: checks the mounted files, then writes what the API said into the
# termination message for the test to read.
SCRIPT = r"""
set -e
dir=/var/run/secrets/kubernetes.io/serviceaccount
test "$(cat $dir/namespace)" = "$POD_NAMESPACE"
token=$(cat $dir/token)
api=https://$API_HOST:$API_PORT
wget -q -O /tmp/review --no-check-certificate \
  --header "Authorization: Bearer $token" --header "Content-Type: application/json" \
  --post-data '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}' \
  $api/apis/authentication.k8s.io/v1/selfsubjectreviews
wget -q -O /tmp/pods --no-check-certificate --header "Authorization: Bearer $token" \
  $api/api/v1/namespaces/$POD_NAMESPACE/pods
grep -q '"name":"caller"' /tmp/pods
if wget -q -O /dev/null --no-check-certificate --header "Authorization: Bearer garbage" $api/api 2>/tmp/bad; then
  echo "a garbage token was accepted" > /dev/termination-log
  exit 1
fi
grep -q "401 Unauthorized" /tmp/bad
cp /tmp/review /dev/termination-log
"""


class ServiceAccountTokenTest(e2e.ClusterTestCase):
    # Pods dial the node's address, not loopback.
    server_args = e2e.ClusterTestCase.server_args + ("--bind-address", "0.0.0.0")

    def test_pod_calls_the_api_with_its_token(self):
        ns = self.namespace("satoken")
        eps = json.loads(self.ok("get", "endpoints", "kubernetes", "-n", "default", "-o", "json"))
        subset = eps["subsets"][0]
        host, port = subset["addresses"][0]["ip"], subset["ports"][0]["port"]
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "caller"},
               "spec": {"restartPolicy": "Never", "containers": [{
                   "name": "main", "image": BUSYBOX, "command": ["sh", "-c", SCRIPT],
                   "env": [{"name": "API_HOST", "value": host}, {"name": "API_PORT", "value": str(port)},
                           {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {
                               "fieldPath": "metadata.namespace"}}}]}]}}
        self.apply(json.dumps(pod), ns)
        p = self.wait_pod("caller", ns, lambda p: phase(p) in ("Succeeded", "Failed"), "finished")
        terminated = container_status(p, "main")["state"]["terminated"]
        self.assertEqual(terminated["exitCode"], 0, terminated.get("message"))
        review = json.loads(terminated["message"])
        user = review["status"]["userInfo"]
        self.assertEqual(user["username"], "system:serviceaccount:%s:default" % ns)
        self.assertIn("system:serviceaccounts:" + ns, user["groups"])
        self.assertEqual(user["extra"]["authentication.kubernetes.io/pod-name"], ["caller"])
        self.assertEqual(user["extra"]["authentication.kubernetes.io/pod-uid"], [p["metadata"]["uid"]])
        self.assertEqual(user["extra"]["authentication.kubernetes.io/node-name"], [self.node])

    def test_mounted_files_are_read_only(self):
        ns = self.namespace("samount")
        script = ("cd /var/run/secrets/kubernetes.io/serviceaccount && { ls -1; cat ca.crt; } > /dev/termination-log"
                  " && if touch token 2>/dev/null || touch new 2>/dev/null; then exit 7; fi")
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "reader"},
               "spec": {"restartPolicy": "Never",
                        "containers": [{"name": "main", "image": BUSYBOX, "command": ["sh", "-c", script]}]}}
        self.apply(json.dumps(pod), ns)
        p = self.wait_pod("reader", ns, lambda p: phase(p) in ("Succeeded", "Failed"), "finished")
        terminated = container_status(p, "main")["state"]["terminated"]
        self.assertEqual(terminated["exitCode"], 0, terminated.get("message"))
        files, ca = terminated["message"].split("-----BEGIN", 1)
        self.assertEqual(files.split(), ["ca.crt", "namespace", "token"])
        self.assertEqual(("-----BEGIN" + ca).strip().encode(),
                         harness.read_kubeconfig(self.server.kubeconfig)["ca"].strip())


if __name__ == "__main__":
    unittest.main()

"""A pod's service account token through containerd on `kubepp server`.

Every pod gets the kube-api-access-xxxxx projected volume from ServiceAccount admission; the
kubelet fills it (a bound token from TokenRequest, the cluster CA, the namespace). A busybox pod
reads it and calls the apiserver with the token: the API answers as its service account (and
with the pod it is bound to), and a garbage token gets 401.

Pods reach the apiserver at the address of the `kubernetes` Endpoints (kubepp has no Service
proxy for 10.96.0.1 yet), so this module's server listens on every address.

busybox's own TLS client offers no cipher suite an ECDSA certificate can serve (kubepp's
apiserver has an ECDSA P-256 certificate, as k3s's has), so the handshake fails with "no shared
cipher". busybox wget uses `openssl s_client` instead when one is on PATH: the calling pod gets
the node's openssl and the libraries it links, read-only through hostPath volumes. wget passes
openssl `-verify_ip <ip>:<port>` (with the port), which never matches, so the call says
--no-check-certificate; the test checks instead that the mounted ca.crt is the cluster CA.
"""

import json
import os
import re
import shutil
import subprocess
import unittest

import e2e
import harness
from e2e import container_status, phase

BUSYBOX = "kubepp.local/busybox:1.35"

# Runs in the pod: checks the mounted files, then writes what the API said into the
# termination message for the test to read.
SCRIPT = r"""
fail() { { echo "$1"; cat /tmp/err 2>/dev/null; } > /dev/termination-log; exit 1; }
dir=/var/run/secrets/kubernetes.io/serviceaccount
test "$(cat $dir/namespace)" = "$POD_NAMESPACE" || fail "namespace file: $(cat $dir/namespace)"
token=$(cat $dir/token)
api=https://$API_HOST:$API_PORT
wget -q -O /tmp/review --no-check-certificate \
  --header "Authorization: Bearer $token" --header "Content-Type: application/json" \
  --post-data '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}' \
  $api/apis/authentication.k8s.io/v1/selfsubjectreviews 2>/tmp/err || fail "selfsubjectreview at $api"
wget -q -O /tmp/pods --no-check-certificate --header "Authorization: Bearer $token" \
  $api/api/v1/namespaces/$POD_NAMESPACE/pods 2>/tmp/err || fail "listing pods"
grep -q '"name":"caller"' /tmp/pods || fail "the pod list lacks this pod"
if wget -q -O /dev/null --no-check-certificate --header "Authorization: Bearer garbage" $api/api 2>/tmp/err; then
  fail "a garbage token was accepted"
fi
grep -q "401 Unauthorized" /tmp/err || fail "a garbage token was not answered 401"
cp /tmp/review /dev/termination-log
"""


def openssl_from_the_node():
    """hostPath volumes and mounts that put this machine's openssl (and what it links) into a pod."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise unittest.SkipTest("no openssl on this machine for busybox wget's TLS")
    files = [(os.path.realpath(openssl), "/usr/bin/openssl")]
    ldd = subprocess.run(["ldd", openssl], capture_output=True, text=True, check=True).stdout
    for line in ldd.splitlines():
        m = re.search(r"(/\S+)\s+\(0x", line)
        if m:
            files.append((os.path.realpath(m.group(1)), m.group(1)))
    volumes, mounts = [], []
    for i, (host_path, path) in enumerate(files):
        name = "openssl-%d" % i
        volumes.append({"name": name, "hostPath": {"path": host_path, "type": "File"}})
        mounts.append({"name": name, "mountPath": path, "readOnly": True})
    return volumes, mounts


class ServiceAccountTokenTest(e2e.ClusterTestCase):
    # Pods dial the node's address, not loopback.
    server_args = e2e.ClusterTestCase.server_args + ("--bind-address", "0.0.0.0")

    def test_pod_calls_the_api_with_its_token(self):
        ns = self.namespace("satoken")
        eps = json.loads(self.ok("get", "endpoints", "kubernetes", "-n", "default", "-o", "json"))
        subset = eps["subsets"][0]
        host, port = subset["addresses"][0]["ip"], subset["ports"][0]["port"]
        volumes, mounts = openssl_from_the_node()
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "caller"},
               "spec": {"restartPolicy": "Never", "volumes": volumes, "containers": [{
                   "name": "main", "image": BUSYBOX, "command": ["sh", "-c", SCRIPT], "volumeMounts": mounts,
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

"""The pod half of the seed walkthrough (examples/myblog) on real containers: mysql on the host
network with a TCP readiness probe, myblog with HTTP liveness and readiness probes and env from a
ConfigMap and a Secret, readiness gating the Service's endpoints, a rolling update from v1 to v2
that replaces real containers, a deleted pod replaced, and probes that restart containers."""

import json
import os
import shutil
import unittest
import urllib.request

import e2e
import harness
from e2e import condition, container_status

BUSYBOX = "kubepp.local/busybox:1.35"


def page(ip, port=8002, path="/blog/index/"):
    try:
        with urllib.request.urlopen("http://%s:%d%s" % (ip, port, path), timeout=5) as r:
            return r.read().decode(errors="replace")
    except OSError:
        return None


class WalkthroughTest(e2e.ClusterTestCase):

    @classmethod
    def setUpClass(cls):
        cls.mysql_dir_existed = os.path.exists("/opt/mysql")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            if not cls.mysql_dir_existed:
                shutil.rmtree("/opt/mysql", ignore_errors=True)

    def example(self, name):
        path = os.path.join(harness.myblog_dir(), name)
        if not os.path.exists(path):
            self.skipTest("no walkthrough at %s" % harness.myblog_dir())
        return path

    def pods(self, ns, selector):
        out = json.loads(self.ok("get", "pods", "-n", ns, "-l", selector, "-o", "json"))
        return [p for p in out["items"] if not p["metadata"].get("deletionTimestamp")]

    def ready_pods(self, ns, selector, count):
        def check():
            pods = self.pods(ns, selector)
            ready = [p for p in pods if condition(p, "Ready") == "True"]
            return ready if len(ready) == count and len(pods) == count else None
        return harness.wait_for(check, e2e.POD_TIMEOUT, "%d ready pods %s in %s" % (count, selector, ns),
                                interval=0.5)

    def test_myblog_walkthrough(self):
        for f in ("namespace.yaml", "configmap.yaml", "secret.yaml"):
            self.ok("apply", "-f", self.example(f))
        self.addCleanup(self.delete_namespace, "jds")
        self.ok("label", "node", self.node, "component=mysql", "--overwrite")
        self.addCleanup(self.kubectl, "label", "node", self.node, "component-")

        self.ok("apply", "-f", self.example("deploy-mysql.yaml"))
        mysql = self.ready_pods("jds", "app=mysql", 1)[0]
        node_ip = mysql["status"]["hostIP"]
        self.assertEqual(mysql["status"]["podIP"], node_ip, "hostNetwork: the pod has the node's address")

        self.ok("apply", "-f", self.example("deploy-myblog.yaml"))
        self.ok("apply", "-f", self.example("svc-myblog.yaml"))
        blog = self.pods("jds", "app=myblog")
        self.assertEqual(len(blog), 1)
        # The readiness probe waits 10 s: until then the pod runs but is not Ready and the
        # Service has no ready endpoint.
        ip = harness.wait_for(lambda: self.pods("jds", "app=myblog")[0]["status"].get("podIP"), 60,
                              "myblog's pod IP")
        blog = self.ready_pods("jds", "app=myblog", 1)[0]
        harness.wait_for(lambda: [a["ip"] for s in json.loads(self.ok(
            "get", "endpoints", "myblog", "-n", "jds", "-o", "json")).get("subsets", [])
            for a in s.get("addresses", [])] == [ip], 30, "the ready pod in the Service's endpoints")
        text = page(ip)
        self.assertIsNotNone(text, "myblog answers on its pod IP from the node")
        self.assertIn("v1", text)
        # The environment came from the ConfigMap and the Secret.
        self.assertIn("mysql", text.lower())
        self.assertEqual(container_status(blog, "myblog")["restartCount"], 0)

        # Rolling update to v2: every pod's page changes.
        self.ok("set", "image", "deployment/myblog", "myblog=10.2.2.10:5000/myblog:v2", "-n", "jds")
        self.ok("rollout", "status", "deployment/myblog", "-n", "jds", "--timeout=180s", timeout=200)

        def all_v2():
            pods = self.pods("jds", "app=myblog")
            if len(pods) != 1 or condition(pods[0], "Ready") != "True":
                return None
            t = page(pods[0]["status"]["podIP"])
            return pods[0] if t and "v2" in t else None
        new = harness.wait_for(all_v2, 120, "the v2 page", interval=0.5)
        self.assertNotEqual(new["metadata"]["name"], blog["metadata"]["name"])

        # A deleted pod is replaced by a new one that serves again.
        self.ok("delete", "pod", new["metadata"]["name"], "-n", "jds", "--wait=false")
        again = harness.wait_for(lambda: [p for p in self.pods("jds", "app=myblog")
                                          if p["metadata"]["name"] != new["metadata"]["name"]
                                          and condition(p, "Ready") == "True"], e2e.POD_TIMEOUT,
                                 "a replacement pod", interval=0.5)
        self.assertIn("v2", page(again[0]["status"]["podIP"]) or "")

    def test_failing_liveness_probe_restarts_the_container(self):
        ns = self.namespace("liveness")
        spec = {"containers": [{
            "name": "main", "image": BUSYBOX,
            "command": ["sh", "-c", "touch /tmp/healthy; sleep 6; rm -f /tmp/healthy; sleep 600"],
            "livenessProbe": {"exec": {"command": ["cat", "/tmp/healthy"]},
                              "initialDelaySeconds": 1, "periodSeconds": 1, "failureThreshold": 2}}]}
        self.apply(json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "sick"},
                               "spec": spec}), ns)
        p = self.wait_pod("sick", ns, lambda p: container_status(p, "main").get("restartCount", 0) >= 1,
                          "restarted after its liveness probe failed", timeout=90)
        self.assertIn("terminated", container_status(p, "main")["lastState"])
        events = self.ok("get", "events", "-n", ns, "--field-selector", "involvedObject.name=sick")
        self.assertIn("Unhealthy", events)
        self.assertIn("Liveness probe failed", events)
        self.assertIn("failed liveness probe, will be restarted", events)
        self.assertRegex(self.ok("get", "pod", "sick", "-n", ns), r"sick\s+\d/1\s+\w+\s+[1-9]")

    def test_readiness_gates_endpoints(self):
        ns = self.namespace("readiness")
        spec = {"containers": [{
            "name": "web", "image": BUSYBOX,
            "command": ["sh", "-c", "mkdir -p /www; echo hello > /www/index.html; "
                        "(sleep 8; echo ok > /www/ready) & exec httpd -f -p 8080 -h /www"],
            "ports": [{"containerPort": 8080, "name": "http"}],
            "readinessProbe": {"httpGet": {"path": "/ready", "port": "http"}, "periodSeconds": 1}}]}
        self.apply(json.dumps({"apiVersion": "v1", "kind": "Pod",
                               "metadata": {"name": "web", "labels": {"app": "web"}}, "spec": spec}), ns)
        self.apply(json.dumps({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
                               "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]}}),
                   ns)
        p = self.wait_pod("web", ns, lambda p: container_status(p, "web").get("state", {}).get("running"),
                          "running")
        ip = p["status"]["podIP"]

        def endpoints():
            e = json.loads(self.ok("get", "endpoints", "web", "-n", ns, "-o", "json"))
            ready = [a["ip"] for s in e.get("subsets", []) for a in s.get("addresses", [])]
            not_ready = [a["ip"] for s in e.get("subsets", []) for a in s.get("notReadyAddresses", [])]
            return ready, not_ready
        harness.wait_for(lambda: endpoints() == ([], [ip]), 30, "the unready pod listed as not ready")
        self.assertEqual(condition(self.pod("web", ns), "Ready"), "False")
        self.assertEqual(page(ip, 8080, "/"), "hello\n", "running but not ready still serves its port")
        # Once /ready exists the probe passes: Ready, and the address moves to the ready set.
        harness.wait_for(lambda: endpoints() == ([ip], []), 60, "the pod listed as ready")
        self.assertEqual(condition(self.pod("web", ns), "Ready"), "True")
        self.assertEqual(container_status(self.pod("web", ns), "web")["restartCount"], 0)

if __name__ == "__main__":
    unittest.main()

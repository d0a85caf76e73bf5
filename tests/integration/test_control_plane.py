"""The control-plane half of the myblog walkthrough, with the real kubectl.

A `kubepp server` (store, apiserver, controller-manager, scheduler) and three hollow nodes
(`kubepp hollow-nodes`, which move bound pods to Running without running containers), then
the sequence seed 004 walks: the Deployments come up, a deleted pod is replaced, scale to 2,
`set image --record`, `rollout status`, `rollout history`, `rollout undo --to-revision=1`,
the scaling Events in `describe`, and mysql's nodeSelector keeping it Pending until a node
gets the label.
"""

import json
import os
import re
import subprocess
import threading
import unittest

import harness

NODES = 3
ROLLOUT_TIMEOUT = 120


class HollowNodes:
    """A `kubepp hollow-nodes` process registering `count` nodes against a server."""

    def __init__(self, server, count, prefix="hollow-node-"):
        self.server = server
        self.log_path = os.path.join(server.tmp, "hollow-nodes.log")
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [server.binary, "hollow-nodes", "--kubeconfig", server.kubeconfig,
             "--count", str(count), "--name-prefix", prefix],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


class PodWatch:
    """Follows the pods of a label selector with `kubectl get -w -o json` and records the
    worst moments: the most pods not being deleted, and the fewest of them Ready."""

    def __init__(self, server, namespace, selector):
        self.reader = server.kubectl_bg("get", "pods", "-n", namespace, "-l", selector,
                                        "--watch", "--output-watch-events", "-o", "json")
        self.pods = {}
        self.max_live = 0
        self.min_ready = None
        self.events = 0
        self._lock = threading.Lock()
        self._buf = ""
        self._done = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self):
        # kubectl prints one compact JSON document per event; gather lines until one parses, in
        # case a version indents them.
        while True:
            try:
                line = self.reader._q.get(timeout=0.5)
            except Exception:
                if self._done.is_set():
                    return
                continue
            if line is None:
                return
            self._buf += line + "\n"
            try:
                event = json.loads(self._buf)
            except ValueError:
                continue
            self._buf = ""
            self._apply(event)

    def _apply(self, event):
        pod = event.get("object", {})
        name = pod.get("metadata", {}).get("name")
        with self._lock:
            self.events += 1
            if event.get("type") == "DELETED":
                self.pods.pop(name, None)
            else:
                self.pods[name] = pod
            live = [p for p in self.pods.values() if not p["metadata"].get("deletionTimestamp")]
            ready = [p for p in live if is_ready(p)]
            self.max_live = max(self.max_live, len(live))
            if self.min_ready is None or len(ready) < self.min_ready:
                self.min_ready = len(ready)

    def live_images(self):
        """The images of the pods not being deleted, as the watch has seen them."""
        with self._lock:
            return sorted(p["spec"]["containers"][0]["image"] for p in self.pods.values()
                          if not p["metadata"].get("deletionTimestamp"))

    def reset_min_ready(self):
        with self._lock:
            self.min_ready = None
            self.max_live = 0

    def stop(self):
        self._done.set()
        self.reader.stop()


def is_ready(pod):
    for c in pod.get("status", {}).get("conditions", []) or []:
        if c.get("type") == "Ready":
            return c.get("status") == "True"
    return False


class ControlPlaneWalkthroughTest(harness.ServerTestCase):
    """Seed 004's Deployment walkthrough, in order (each step builds on the previous one)."""

    @classmethod
    def setUpClass(cls):
        if not os.path.isdir(harness.myblog_dir()):
            raise unittest.SkipTest("no myblog examples at %s" % harness.myblog_dir())
        super().setUpClass()
        cls.nodes = HollowNodes(cls.server, NODES)

    @classmethod
    def tearDownClass(cls):
        cls.nodes.stop()
        super().tearDownClass()

    def wait_for(self, predicate, what, timeout=ROLLOUT_TIMEOUT):
        return harness.wait_for(predicate, timeout, what)

    def pods(self, selector, namespace="jds"):
        out = self.ok("get", "pods", "-n", namespace, "-l", selector, "-o", "json")
        return json.loads(out)["items"]

    def running_pods(self, selector, namespace="jds"):
        return [p for p in self.pods(selector, namespace)
                if p["status"].get("phase") == "Running" and is_ready(p)
                and not p["metadata"].get("deletionTimestamp")]

    def test_walkthrough(self):
        myblog = harness.myblog_dir()
        # The nodes register and become Ready.
        self.wait_for(lambda: len(re.findall(r"\bReady\b", self.ok("get", "nodes"))) == NODES,
                      "%d Ready nodes" % NODES)

        for name in ("namespace.yaml", "configmap.yaml", "secret.yaml", "deploy-myblog.yaml",
                     "deploy-mysql.yaml"):
            self.ok("apply", "-f", os.path.join(myblog, name))

        # The Deployment brings up its ReplicaSet and one Running pod.
        self.ok("rollout", "status", "deployment/myblog", "-n", "jds",
                "--timeout=%ds" % ROLLOUT_TIMEOUT)
        rs = harness.table_dicts(self.ok("get", "rs", "-n", "jds", "-l", "app=myblog"))
        self.assertEqual(len(rs), 1, rs)
        self.assertRegex(rs[0]["NAME"], r"^myblog-[bcdfghjklmnpqrstvwxz2456789]+$")
        self.assertEqual((rs[0]["DESIRED"], rs[0]["CURRENT"], rs[0]["READY"]), ("1", "1", "1"))
        first_rs = rs[0]["NAME"]
        [pod] = self.running_pods("app=myblog")
        self.assertTrue(pod["metadata"]["name"].startswith(first_rs + "-"))
        self.assertTrue(pod["spec"]["nodeName"].startswith("hollow-node-"))
        owner = pod["metadata"]["ownerReferences"][0]
        self.assertEqual((owner["kind"], owner["name"], owner["controller"]),
                         ("ReplicaSet", first_rs, True))

        # A deleted pod is replaced by a new one.
        old = pod["metadata"]["name"]
        self.ok("delete", "pod", old, "-n", "jds")
        self.wait_for(lambda: [p for p in self.running_pods("app=myblog")
                               if p["metadata"]["name"] != old],
                      "a replacement for pod %s" % old)

        # Scale to 2.
        self.ok("scale", "deployment", "myblog", "--replicas=2", "-n", "jds")
        self.ok("rollout", "status", "deployment/myblog", "-n", "jds",
                "--timeout=%ds" % ROLLOUT_TIMEOUT)
        self.wait_for(lambda: len(self.running_pods("app=myblog")) == 2, "2 running myblog pods")
        deploy = harness.table_dicts(self.ok("get", "deploy", "myblog", "-n", "jds"))[0]
        self.assertEqual((deploy["READY"], deploy["UP-TO-DATE"], deploy["AVAILABLE"]),
                         ("2/2", "2", "2"))

        # Roll out v2 with --record; 25%/25% of 2 replicas: never more than 3 pods, never
        # fewer than 2 available.
        watch = PodWatch(self.server, "jds", "app=myblog")
        try:
            self.wait_for(lambda: watch.events >= 2, "the pod watch to list the pods")
            watch.reset_min_ready()
            self.ok("set", "image", "deployment/myblog", "myblog=10.2.2.10:5000/myblog:v2",
                    "-n", "jds", "--record")
            self.ok("rollout", "status", "deployment/myblog", "-n", "jds",
                    "--timeout=%ds" % ROLLOUT_TIMEOUT)
            self.wait_for(lambda: all(p["spec"]["containers"][0]["image"].endswith(":v2")
                                      for p in self.running_pods("app=myblog"))
                          and len(self.running_pods("app=myblog")) == 2, "2 pods of v2")
            # The watch has caught up with the end of the rollout.
            self.wait_for(lambda: watch.live_images() == ["10.2.2.10:5000/myblog:v2"] * 2,
                          "the pod watch to see the 2 pods of v2")
        finally:
            watch.stop()
        self.assertLessEqual(watch.max_live, 3, "more than replicas+maxSurge pods at once")
        self.assertGreaterEqual(watch.min_ready, 2, "fewer than replicas-maxUnavailable ready")

        history = self.ok("rollout", "history", "deployment/myblog", "-n", "jds")
        self.assertIn("REVISION", history)
        self.assertRegex(history, r"(?m)^1\s+<none>\s*$")
        self.assertRegex(history, r"(?m)^2\s+kubectl set image deployment/myblog "
                                  r"myblog=10.2.2.10:5000/myblog:v2 .*--record=true\s*$")

        # Back to revision 1: the template of v1 returns as revision 3.
        self.ok("rollout", "undo", "deployment/myblog", "--to-revision=1", "-n", "jds")
        self.ok("rollout", "status", "deployment/myblog", "-n", "jds",
                "--timeout=%ds" % ROLLOUT_TIMEOUT)
        self.wait_for(lambda: len(self.running_pods("app=myblog")) == 2 and all(
            p["spec"]["containers"][0]["image"].endswith(":v1")
            for p in self.running_pods("app=myblog")), "2 pods of v1 again")
        history = self.ok("rollout", "history", "deployment/myblog", "-n", "jds")
        self.assertRegex(history, r"(?m)^3\s")
        self.assertNotRegex(history, r"(?m)^1\s")
        self.assertEqual(self.ok("get", "deploy", "myblog", "-n", "jds", "-o",
                                 "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"),
                         "3")

        # describe shows the scaling Events as the seed quotes them.
        describe = self.ok("describe", "deployment", "myblog", "-n", "jds")
        self.assertRegex(describe, r"ScalingReplicaSet\s+.*Scaled up replica set %s to 1\b"
                         % re.escape(first_rs))
        self.assertIn("Scaled up replica set %s to 2 from 1" % first_rs, describe)
        self.assertRegex(describe, r"NewReplicaSetAvailable")

        # mysql waits for a node labelled component=mysql.
        def failed_scheduling():
            out = self.ok("get", "events", "-n", "jds", "--field-selector",
                          "reason=FailedScheduling", "-o", "json")
            return [e["message"] for e in json.loads(out)["items"]]
        messages = self.wait_for(failed_scheduling, "a FailedScheduling event for mysql")
        self.assertIn("0/3 nodes are available: 3 node(s) didn't match Pod's node "
                      "affinity/selector.", messages[0])
        [mysql] = self.pods("app=mysql")
        self.assertEqual(mysql["status"]["phase"], "Pending")
        self.assertFalse(mysql["spec"].get("nodeName"))
        self.ok("label", "node", "hollow-node-1", "component=mysql")
        self.wait_for(lambda: [p for p in self.running_pods("app=mysql")
                               if p["spec"]["nodeName"] == "hollow-node-1"],
                      "mysql running on hollow-node-1")
        self.ok("rollout", "status", "deployment/mysql", "-n", "jds",
                "--timeout=%ds" % ROLLOUT_TIMEOUT)


class ControllersTest(harness.ServerTestCase):
    """Garbage collection in its three propagation policies and namespace deletion, on a
    server with its controllers and two hollow nodes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nodes = HollowNodes(cls.server, 2, prefix="gc-node-")
        harness.wait_for(lambda: "gc-node-1" in cls.server.kubectl("get", "nodes").stdout, 60,
                         "the hollow nodes")

    @classmethod
    def tearDownClass(cls):
        cls.nodes.stop()
        super().tearDownClass()

    def deployment(self, ns, name, replicas=2):
        obj = {"apiVersion": "apps/v1", "kind": "Deployment",
               "metadata": {"name": name, "namespace": ns},
               "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                        "template": {"metadata": {"labels": {"app": name}},
                                     "spec": {"containers": [{"name": "c", "image": "busybox"}]}}}}
        self.ok("apply", "-f", "-", input=json.dumps(obj))
        self.ok("rollout", "status", "deployment/" + name, "-n", ns, "--timeout=%ds" % ROLLOUT_TIMEOUT)

    def items(self, ns, kind, selector):
        out = self.ok("get", kind, "-n", ns, "-l", selector, "-o", "json")
        return json.loads(out)["items"]

    def test_cascade_background(self):
        self.ok("create", "namespace", "gc-bg")
        self.deployment("gc-bg", "web")
        self.ok("delete", "deployment", "web", "-n", "gc-bg", "--cascade=background")
        harness.wait_for(lambda: not self.items("gc-bg", "rs", "app=web")
                         and not self.items("gc-bg", "pods", "app=web"), ROLLOUT_TIMEOUT,
                         "the ReplicaSet and pods to go after their Deployment")

    def test_cascade_orphan(self):
        self.ok("create", "namespace", "gc-orphan")
        self.deployment("gc-orphan", "web")
        self.ok("delete", "deployment", "web", "-n", "gc-orphan", "--cascade=orphan",
                "--timeout=%ds" % ROLLOUT_TIMEOUT)
        self.fails("get", "deployment", "web", "-n", "gc-orphan")
        [rs] = self.items("gc-orphan", "rs", "app=web")
        self.assertFalse(rs["metadata"].get("ownerReferences"), "the orphaned ReplicaSet keeps an owner")
        self.assertEqual(len(self.items("gc-orphan", "pods", "app=web")), 2)

    def test_cascade_foreground(self):
        self.ok("create", "namespace", "gc-fg")
        self.deployment("gc-fg", "web")
        # kubectl waits until the Deployment is gone, which foreground deletion allows only
        # once its ReplicaSet (and the ReplicaSet's pods, which block it) are gone.
        self.ok("delete", "deployment", "web", "-n", "gc-fg", "--cascade=foreground",
                "--timeout=%ds" % ROLLOUT_TIMEOUT)
        self.assertEqual(self.items("gc-fg", "rs", "app=web"), [])
        live = [p for p in self.items("gc-fg", "pods", "app=web")
                if not p["metadata"].get("deletionTimestamp")]
        self.assertEqual(live, [])

    def test_namespace_deletion_empties_it(self):
        self.ok("create", "namespace", "doomed")
        self.deployment("doomed", "web")
        self.ok("create", "configmap", "c", "-n", "doomed")
        self.ok("create", "secret", "generic", "s", "-n", "doomed", "--from-literal=a=b")
        self.ok("delete", "namespace", "doomed", "--timeout=%ds" % ROLLOUT_TIMEOUT)
        r = self.kubectl("get", "namespace", "doomed")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('namespaces "doomed" not found', r.stderr)

    def test_every_namespace_gets_default_account_and_root_ca(self):
        self.ok("create", "namespace", "fresh")
        harness.wait_for(lambda: self.kubectl("get", "sa", "default", "-n", "fresh").returncode == 0,
                         60, "the default ServiceAccount")
        harness.wait_for(lambda: self.kubectl("get", "cm", "kube-root-ca.crt", "-n", "fresh")
                         .returncode == 0, 60, "kube-root-ca.crt")
        ca = self.ok("get", "cm", "kube-root-ca.crt", "-n", "fresh", "-o", "jsonpath={.data.ca\\.crt}")
        self.assertEqual(ca.strip().encode(),
                         harness.read_kubeconfig(self.server.kubeconfig)["ca"].strip())

    def test_component_statuses(self):
        # The controller-manager and the scheduler run in this server and say so themselves; the
        # store is read. Upstream's deprecation warning comes with the answer.
        r = self.kubectl("get", "componentstatuses")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Warning: v1 ComponentStatus is deprecated in v1.19+", r.stderr)
        rows = sorted(harness.table(r.stdout)[1:])
        self.assertEqual(rows, [["controller-manager", "Healthy", "ok"], ["etcd-0", "Healthy", "ok"],
                                ["scheduler", "Healthy", "ok"]])

    def test_selectorless_service_endpoints_are_mirrored(self):
        # A Service for something outside the cluster: no selector, Endpoints written by hand.
        # Readers of EndpointSlices (kube-proxy, DNS) see it through the mirrored slice.
        self.ok("create", "namespace", "mirror")
        manifest = """
apiVersion: v1
kind: Service
metadata: {name: external-db, namespace: mirror}
spec:
  ports: [{name: pg, port: 5432}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: external-db, namespace: mirror, labels: {tier: data}}
subsets:
- addresses: [{ip: 10.1.2.3}, {ip: 10.1.2.4}]
  notReadyAddresses: [{ip: 10.1.2.5}]
  ports: [{name: pg, port: 5432}]
"""
        self.ok("apply", "-f", "-", input=manifest)
        selector = "kubernetes.io/service-name=external-db"
        harness.wait_for(lambda: self.items("mirror", "endpointslices", selector), ROLLOUT_TIMEOUT,
                         "the mirrored EndpointSlice")
        [slice_] = self.items("mirror", "endpointslices", selector)
        self.assertEqual(slice_["metadata"]["labels"],
                         {"kubernetes.io/service-name": "external-db", "tier": "data",
                          "endpointslice.kubernetes.io/managed-by": "endpointslicemirroring-controller.k8s.io"})
        self.assertEqual(slice_["metadata"]["ownerReferences"][0]["kind"], "Endpoints")
        self.assertEqual(slice_["addressType"], "IPv4")
        self.assertEqual(slice_["ports"], [{"name": "pg", "port": 5432, "protocol": "TCP"}])
        self.assertEqual([(e["addresses"], e["conditions"]) for e in slice_["endpoints"]],
                         [(["10.1.2.3"], {"ready": True}), (["10.1.2.4"], {"ready": True}),
                          (["10.1.2.5"], {"ready": False})])
        rows = harness.table(self.ok("get", "endpointslices", "-n", "mirror", "-l", selector))
        self.assertEqual(rows[1][1:4], ["IPv4", "5432", "10.1.2.3,10.1.2.4,10.1.2.5"])

        # Asked to skip mirroring, the controller takes its slice away.
        self.ok("label", "endpoints", "external-db", "-n", "mirror", "endpointslice.kubernetes.io/skip-mirror=true")
        harness.wait_for(lambda: not self.items("mirror", "endpointslices", selector), ROLLOUT_TIMEOUT,
                         "the mirrored EndpointSlice to go")


if __name__ == "__main__":
    unittest.main()

"""Failures of the machines under the control plane, driven by the real kubectl.

NodeFailureTest: a hollow node whose process is stopped stops heartbeating; the node
lifecycle controller marks it NotReady (Ready=Unknown, NodeStatusUnknown), taints it
unreachable, evicts its pods once their tolerationSeconds pass, and the Deployment's pod
comes back on a healthy node. The server runs with a 10 s --node-monitor-grace-period and
the nodes renew their Leases every 2 s, so this takes about 30 s instead of over a minute.

LeaderElectionTest: two `kubepp controller-manager --leader-elect` processes against a
server without its own controllers; one holds kube-system/kube-controller-manager, it is
killed with SIGKILL (so it cannot release the Lease), and the other takes over within the
lease duration (15 s) plus its retry period, then reconciles.
"""

import calendar
import json
import os
import re
import signal
import subprocess
import time
import unittest

import harness
from hollow import HollowNodes, condition, events, get_json, live, running

GRACE = 10             # --node-monitor-grace-period of the server, seconds
MONITOR_PERIOD = 5     # the node lifecycle controller's default --node-monitor-period
TOLERATION = 5         # tolerationSeconds of the pods that tolerate unreachable for a while
LEASE_DURATION = 15    # the controller-manager's default --leader-elect-lease-duration
RETRY_PERIOD = 2       # and --leader-elect-retry-period


def parse_time(text):
    return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))


def unreachable_toleration(seconds=None):
    t = {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"}
    if seconds is not None:
        t["tolerationSeconds"] = seconds
    return t


class NodeFailureTest(harness.ServerTestCase):
    server_args = ("--node-monitor-grace-period", "%ds" % GRACE)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.started = []

    @classmethod
    def tearDownClass(cls):
        for n in cls.started:
            n.stop()
        super().tearDownClass()

    def hollow(self, count, prefix):
        nodes = HollowNodes(self.server, count, prefix, "--lease-renew-interval", "2")
        self.started.append(nodes)
        return nodes.wait_ready()

    def apply(self, ns, obj):
        self.ok("-n", ns, "apply", "-f", "-", input=json.dumps(obj))

    def pods(self, ns, selector):
        return get_json(self.server, "pods", "-l", selector, namespace=ns)["items"]

    def test_unreachable_node_is_tainted_and_its_pods_evicted(self):
        ns = "failure"
        self.ok("create", "namespace", ns)
        # The node to fail comes up alone, so everything created now lands on it.
        doomed = self.hollow(1, "doomed-")
        node = doomed.names[0]
        container = [{"name": "c", "image": "busybox"}]
        self.apply(ns, {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                        "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                                 "template": {"metadata": {"labels": {"app": "web"}},
                                              "spec": {"containers": container,
                                                       "tolerations": [unreachable_toleration(TOLERATION)]}}}})
        self.apply(ns, {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "patient", "labels": {"app": "patient"}},
                        "spec": {"containers": container, "tolerations": [unreachable_toleration()]}})
        harness.wait_for(lambda: len(running(self.pods(ns, "app in (web,patient)"))) == 2, 60,
                         "web and patient running")
        [web] = running(self.pods(ns, "app=web"))
        self.assertEqual(web["spec"]["nodeName"], node)
        healthy = self.hollow(2, "healthy-")

        doomed.stop()
        stopped_at = time.monotonic()

        def not_ready():
            n = get_json(self.server, "node", node)
            return condition(n, "Ready") == "Unknown" and n
        n = harness.wait_for(not_ready, GRACE + 3 * MONITOR_PERIOD, "node %s Ready=Unknown" % node)
        # Not before the grace period has passed without a heartbeat (the last renewal may
        # have been up to 2 s before the stop).
        self.assertGreaterEqual(time.monotonic() - stopped_at, GRACE - 3)
        self.assertEqual(condition(n, "Ready", "reason"), "NodeStatusUnknown")
        self.assertEqual(condition(n, "Ready", "message"), "Kubelet stopped posting node status.")
        self.assertRegex(self.ok("get", "node", node), r"(?m)^%s\s+NotReady\s" % re.escape(node))
        for other in healthy.names:
            self.assertEqual(condition(get_json(self.server, "node", other), "Ready"), "True")

        def unreachable_taints():
            taints = get_json(self.server, "node", node)["spec"].get("taints", [])
            return {t["effect"]: t for t in taints if t["key"] == "node.kubernetes.io/unreachable"}
        taints = harness.wait_for(lambda: len(unreachable_taints()) == 2 and unreachable_taints(),
                                  2 * MONITOR_PERIOD, "the unreachable taints on %s" % node)
        self.assertEqual(sorted(taints), ["NoExecute", "NoSchedule"])
        tainted_at = parse_time(taints["NoExecute"]["timeAdded"])

        # The Deployment's pod tolerates unreachable for TOLERATION seconds, then is evicted.
        evicted = harness.wait_for(
            lambda: [p for p in self.pods(ns, "app=web")
                     if p["metadata"]["name"] == web["metadata"]["name"] and p["metadata"].get("deletionTimestamp")],
            TOLERATION + 3 * MONITOR_PERIOD, "pod %s evicted" % web["metadata"]["name"])[0]
        self.assertGreaterEqual(parse_time(evicted["metadata"]["deletionTimestamp"]) - tainted_at, TOLERATION - 1)
        self.assertEqual(condition(evicted, "DisruptionTarget", "reason"), "DeletionByTaintManager")
        self.assertEqual(condition(evicted, "Ready"), "False")
        self.assertIn("Marking for deletion Pod %s/%s" % (ns, web["metadata"]["name"]),
                      events(self.server, ns, "TaintManagerEviction"))

        # Its replacement runs on a healthy node (the failed one is tainted NoSchedule).
        replacement = harness.wait_for(lambda: running(self.pods(ns, "app=web")), 60, "a replacement web pod")[0]
        self.assertIn(replacement["spec"]["nodeName"], healthy.names)
        self.assertEqual(harness.table_dicts(self.ok("-n", ns, "get", "deployment", "web"))[0]["READY"], "1/1")

        # The pod tolerating unreachable forever stays, bound to the failed node, not Ready.
        patient = get_json(self.server, "pod", "patient", namespace=ns)
        self.assertFalse(patient["metadata"].get("deletionTimestamp"))
        self.assertEqual(patient["spec"]["nodeName"], node)
        self.assertEqual(condition(patient, "Ready"), "False")


class ControllerManagerProcess:
    """A `kubepp controller-manager --leader-elect` with its own log."""

    def __init__(self, server, name):
        self.log_path = os.path.join(server.tmp, "controller-manager-%s.log" % name)
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [server.binary, "controller-manager", "--kubeconfig", server.kubeconfig,
             "--leader-elect=true", "--node-monitor-grace-period=%ds" % GRACE, "-v", "2"],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=server.env())

    def identity(self):
        """The holderIdentity it campaigns as, from its log."""
        with open(self.log_path, errors="replace") as f:
            m = re.search(r"attempting to acquire leader lease kube-system/kube-controller-manager as (\S+)",
                          f.read())
        return m and m.group(1)

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(harness.STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self._log.closed:
            self._log.close()


class LeaderElectionTest(harness.ServerTestCase):
    # No built-in controllers: only the two candidates below reconcile.
    server_args = ("--disable-controller-manager",)

    def test_failover_after_kill(self):
        candidates = [ControllerManagerProcess(self.server, name) for name in ("a", "b")]
        try:
            ids = harness.wait_for(lambda: all(c.identity() for c in candidates) and
                                   [c.identity() for c in candidates], 30, "both candidates to campaign")
            self.assertNotEqual(ids[0], ids[1])

            def lease():
                return get_json(self.server, "lease", "kube-controller-manager", namespace="kube-system")["spec"]
            holder = harness.wait_for(lambda: lease().get("holderIdentity"), 30, "a leader")
            self.assertIn(holder, ids)
            leader = candidates[ids.index(holder)]
            follower = candidates[1 - ids.index(holder)]
            self.assertEqual(lease().get("leaseDurationSeconds"), LEASE_DURATION)

            # The leader reconciles.
            self.ok("create", "namespace", "le")
            self.ok("-n", "le", "create", "deployment", "web", "--image=busybox", "--replicas=1")
            harness.wait_for(lambda: len(get_json(self.server, "pods", namespace="le")["items"]) == 1, 60,
                             "the leader to create web's pod")

            leader.stop(signal.SIGKILL)
            killed_at = time.monotonic()
            harness.wait_for(lambda: lease().get("holderIdentity") == follower.identity(),
                             LEASE_DURATION + 3 * RETRY_PERIOD + 5, "the follower to take the lease")
            took = time.monotonic() - killed_at
            # It waits for the lease to expire: the killed leader's last renewal is at most a
            # retry period old when it dies.
            self.assertGreaterEqual(took, LEASE_DURATION - RETRY_PERIOD - 1)
            self.assertIsNone(follower.proc.poll(), "the new leader exited")
            self.assertGreaterEqual(lease().get("leaseTransitions", 0), 1)

            # The new leader reconciles: scaling the Deployment creates the pods.
            self.ok("-n", "le", "scale", "deployment", "web", "--replicas=3")
            harness.wait_for(lambda: len(live(get_json(self.server, "pods", namespace="le")["items"])) == 3, 60,
                             "the new leader to scale web to 3 pods")
            harness.wait_for(lambda: get_json(self.server, "deployment", "web", namespace="le")["status"].get(
                "replicas") == 3, 30, "web's status to count 3 replicas")
        finally:
            for c in candidates:
                c.stop()

    def test_grace_period_flag_rejects_bad_values(self):
        for value in ("soon", "-5s", "0"):
            for cmd in (["controller-manager", "--kubeconfig", self.server.kubeconfig],
                        ["server", "--data-dir", os.path.join(self.server.tmp, "unused")]):
                r = subprocess.run([self.server.binary] + cmd + ["--node-monitor-grace-period=" + value],
                                   capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
                self.assertEqual(r.returncode, 2, (cmd[0], value, r.stderr))
                self.assertIn("--node-monitor-grace-period", r.stderr)


if __name__ == "__main__":
    unittest.main()

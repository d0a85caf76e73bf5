"""`kubectl cordon`, `uncordon` and `drain` on `kubepp server`'s single node.

drain cordons the node, then asks the Eviction API (pods/<name>/eviction) to remove every pod on it,
retrying every 5 s while a PodDisruptionBudget forbids an eviction, and waits for the pods to go.
On one node the evicted pods' replacements stay Pending (the node is unschedulable), so a budget
that needs a pod running blocks the drain until its --timeout; uncordoning brings the pods back.
"""

import json
import re
import unittest

import e2e
import harness
from e2e import condition, phase

BUSYBOX = "kubepp.local/busybox:1.35"


def deployment(name, replicas):
    return json.dumps({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {
                    "terminationGracePeriodSeconds": 2,
                    "containers": [{"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"],
                                    "volumeMounts": [{"name": "scratch", "mountPath": "/scratch"}]}],
                    "volumes": [{"name": "scratch", "emptyDir": {}}],
                },
            },
        },
    })


def daemonset(name):
    return json.dumps({
        "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": name},
        "spec": {
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"terminationGracePeriodSeconds": 2,
                         "containers": [{"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"]}]},
            },
        },
    })


def budget(name, selector_app, **spec):
    spec["selector"] = {"matchLabels": {"app": selector_app}}
    return json.dumps({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
                       "metadata": {"name": name}, "spec": spec})


class DrainTest(e2e.ClusterTestCase):

    def pods(self, ns, app):
        out = self.ok("get", "pods", "-n", ns, "-l", "app=" + app, "-o", "json")
        return json.loads(out)["items"]

    def ready_pods(self, ns, app):
        return [p for p in self.pods(ns, app)
                if condition(p, "Ready") == "True" and not p["metadata"].get("deletionTimestamp")]

    def wait_ready_pods(self, ns, app, count):
        return harness.wait_for(lambda: len(self.ready_pods(ns, app)) == count and self.ready_pods(ns, app),
                                e2e.POD_TIMEOUT, "%d ready pods of %s/%s" % (count, ns, app), interval=0.2)

    def wait_budget(self, ns, name, allowed):
        def observed():
            out = self.kubectl("get", "pdb", name, "-n", ns, "-o", "json")
            if out.returncode != 0:
                return None
            pdb = json.loads(out.stdout)
            status = pdb.get("status", {})
            return (status.get("observedGeneration") == pdb["metadata"]["generation"]
                    and status.get("disruptionsAllowed") == allowed)
        harness.wait_for(observed, e2e.POD_TIMEOUT, "budget %s/%s to allow %d" % (ns, name, allowed), interval=0.2)

    def uncordon(self):
        self.kubectl("uncordon", self.node)

    def test_cordon_and_uncordon(self):
        out = self.ok("cordon", self.node)
        self.assertIn("node/%s cordoned" % self.node, out)
        self.addCleanup(self.uncordon)
        node = self.node_object()
        self.assertTrue(node["spec"].get("unschedulable"))
        # The node lifecycle controller taints an unschedulable node.
        harness.wait_for(lambda: any(t["key"] == "node.kubernetes.io/unschedulable" and t["effect"] == "NoSchedule"
                                     for t in self.node_object()["spec"].get("taints", [])),
                         30, "the unschedulable taint", interval=0.2)
        self.assertRegex(self.ok("get", "node", self.node), r"Ready,SchedulingDisabled")
        # A new pod is not scheduled while the node is cordoned.
        ns = self.namespace("cordon")
        self.apply(json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "waits"},
                               "spec": {"terminationGracePeriodSeconds": 1,
                                        "containers": [{"name": "main", "image": BUSYBOX,
                                                        "command": ["sleep", "3600"]}]}}), ns)
        p = self.wait_pod("waits", ns, lambda p: condition(p, "PodScheduled") == "False", "Unschedulable")
        self.assertFalse(p["spec"].get("nodeName"))
        out = self.ok("uncordon", self.node)
        self.assertIn("node/%s uncordoned" % self.node, out)
        self.assertFalse(self.node_object()["spec"].get("unschedulable"))
        self.wait_pod("waits", ns, lambda p: phase(p) == "Running", "Running after uncordon")

    def test_drain_needs_ignore_daemonsets_and_delete_emptydir_data(self):
        ns = self.namespace("drain-flags")
        self.addCleanup(self.uncordon)
        self.apply(daemonset("agent"), ns)
        self.apply(deployment("scratch", 1), ns)
        self.wait_ready_pods(ns, "agent", 1)
        self.wait_ready_pods(ns, "scratch", 1)
        r = self.kubectl("drain", self.node, "--timeout=30s")
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertIn("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): %s/" % ns,
                      r.stderr)
        self.assertIn("cannot delete Pods with local storage (use --delete-emptydir-data to override): %s/" % ns,
                      r.stderr)
        # drain cordons before it looks at the pods, and nothing was evicted.
        self.assertTrue(self.node_object()["spec"].get("unschedulable"))
        self.assertEqual(len(self.ready_pods(ns, "scratch")), 1)
        self.uncordon()

    def test_drain_evicts_through_the_budget_and_pods_return_after_uncordon(self):
        ns = self.namespace("drain-ok")
        self.addCleanup(self.uncordon)
        self.apply(daemonset("agent"), ns)
        self.apply(deployment("web", 2), ns)
        # A budget that lets both pods go: the drain completes.
        self.apply(budget("web", "web", maxUnavailable=2), ns)
        before = {p["metadata"]["name"] for p in self.wait_ready_pods(ns, "web", 2)}
        self.wait_ready_pods(ns, "agent", 1)
        self.wait_budget(ns, "web", 2)
        out = self.ok("drain", self.node, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=90s")
        for name in before:
            self.assertIn("pod/%s evicted" % name, out)
        self.assertIn("node/%s drained" % self.node, out)
        # The evicted pods are gone; their replacements wait for a schedulable node; the
        # DaemonSet's pod stays.
        pods = self.pods(ns, "web")
        self.assertFalse(before & {p["metadata"]["name"] for p in pods})
        harness.wait_for(lambda: len(self.pods(ns, "web")) == 2, 30, "two replacement pods", interval=0.2)
        for p in self.pods(ns, "web"):
            self.assertEqual(phase(p), "Pending")
            self.assertFalse(p["spec"].get("nodeName"))
        self.assertEqual(len(self.ready_pods(ns, "agent")), 1)
        self.ok("uncordon", self.node)
        self.wait_ready_pods(ns, "web", 2)

    def test_drain_blocked_by_the_budget_times_out(self):
        ns = self.namespace("drain-pdb")
        self.addCleanup(self.uncordon)
        self.apply(deployment("web", 2), ns)
        self.apply(budget("web", "web", minAvailable=1), ns)
        before = {p["metadata"]["name"] for p in self.wait_ready_pods(ns, "web", 2)}
        self.wait_budget(ns, "web", 1)
        r = self.kubectl("drain", self.node, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=20s",
                         timeout=90)
        self.assertNotEqual(r.returncode, 0, r.stdout)
        # One pod goes; the other is refused while its replacement cannot run, retried, and
        # the drain gives up at its timeout.
        evicted = [name for name in before if "pod/%s evicted" % name in r.stdout]
        self.assertEqual(len(evicted), 1, r.stdout)
        kept = (before - set(evicted)).pop()
        self.assertIn('error when evicting pods/"%s" -n "%s" (will retry after 5s): '
                      "Cannot evict pod as it would violate the pod's disruption budget." % (kept, ns), r.stderr)
        self.assertRegex(r.stderr, r'error when evicting pods/"%s" -n "%s": global timeout reached: 20s'
                         % (re.escape(kept), re.escape(ns)))
        self.assertIn("unable to drain node \"%s\"" % self.node, r.stderr)
        running = [p["metadata"]["name"] for p in self.ready_pods(ns, "web")]
        self.assertEqual(running, [kept])
        self.ok("uncordon", self.node)
        self.wait_ready_pods(ns, "web", 2)
        self.wait_budget(ns, "web", 1)


if __name__ == "__main__":
    unittest.main()

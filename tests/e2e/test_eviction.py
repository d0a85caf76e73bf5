"""Node-pressure eviction on `kubepp server`: a pod that eats memory is evicted.

The machine is shared, so the test does not push the whole node to its limit. It uses the
kubelet's allocatable memory signal instead: with --system-reserved holding back all but a few
hundred MiB of memory, the pods together may use only that much (allocatableMemory.available,
which every hard memory.available threshold also sets with --enforce-node-allocatable=pods).
A pod allocating ~250 MiB then tips the node into MemoryPressure: the kubelet evicts it (phase
Failed, reason Evicted, a DisruptionTarget condition, an "Evicted" event), reports the condition,
the node lifecycle controller taints the node, new BestEffort pods are refused, and once the
memory is back the condition clears after --eviction-pressure-transition-period.
"""

import json
import os
import unittest

import e2e
from e2e import binary_bytes, condition, has_taint, node_condition, phase

MI = 1 << 20
BUSYBOX = "kubepp.local/busybox:1.35"
STRESS = "kubepp.local/stress:1"
TRANSITION = 30  # seconds: --eviction-pressure-transition-period
# What the pods may use together before allocatableMemory.available drops below 100Mi.
PODS_BUDGET = 200 * MI
HOG = 250  # MiB the evicted pod allocates


def mem_total():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no MemTotal in /proc/meminfo")


def kubepods_working_set():
    """The pods' memory as the kubelet measures it (cgroup v1: usage minus inactive file)."""
    base = "/sys/fs/cgroup/memory/kubepods"
    try:
        with open(base + "/memory.usage_in_bytes") as f:
            usage = int(f.read())
        inactive = 0
        with open(base + "/memory.stat") as f:
            for line in f:
                key, value = line.split()
                if key == "total_inactive_file":
                    inactive = int(value)
        return max(usage - inactive, 0)
    except OSError:
        return 0


def pod(name, containers, node=None):
    spec = {"terminationGracePeriodSeconds": 5, "containers": containers}
    if node:
        spec["nodeName"] = node
    return json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec})


class EvictionTest(e2e.ClusterTestCase):

    @classmethod
    def setUpClass(cls):
        if not os.path.exists("/sys/fs/cgroup/memory/memory.usage_in_bytes"):
            raise unittest.SkipTest("the eviction test reads cgroup v1 memory figures")
        # Pods may use PODS_BUDGET beyond what they use now, plus the 100Mi threshold.
        cls.capacity = mem_total()
        cls.reserved = cls.capacity - (kubepods_working_set() + PODS_BUDGET + 100 * MI)
        cls.server_args = ("--remove-pods-on-exit", "--eviction-hard=memory.available<100Mi",
                           "--system-reserved=memory=%d" % cls.reserved,
                           "--eviction-pressure-transition-period=%ds" % TRANSITION)
        super().setUpClass()

    def test_memory_hog_is_evicted_and_the_node_reports_pressure(self):
        node = self.node_object()
        self.assertEqual(node_condition(node, "MemoryPressure").get("status"), "False")
        self.assertEqual(node_condition(node, "MemoryPressure").get("reason"), "KubeletHasSufficientMemory")
        # What the node allots pods: capacity - system-reserved - the hard threshold.
        allocatable = node["status"]["allocatable"]["memory"]
        self.assertEqual(binary_bytes(allocatable), self.capacity - self.reserved - 100 * MI, allocatable)

        ns = self.namespace("pressure")
        self.apply(pod("bystander", [{"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"],
                                      "resources": {"requests": {"memory": "50Mi"}}}]), ns)
        self.wait_pod("bystander", ns, lambda p: condition(p, "Ready") == "True", "Ready")
        self.apply(pod("hog", [{"name": "stress", "image": STRESS, "args": [str(HOG)]}]), ns)

        # Evicted within a few monitoring rounds of reaching its allocation.
        p = self.wait_pod("hog", ns, lambda p: phase(p) == "Failed", "evicted", timeout=120)
        status = p["status"]
        self.assertEqual(status.get("reason"), "Evicted")
        self.assertRegex(status.get("message", ""),
                         r"^The node was low on resource: memory\. Threshold quantity: 100Mi, available: \S+\. "
                         r"Container stress was using \S+, request is 0, has larger consumption of memory\. $")
        target = [c for c in status["conditions"] if c["type"] == "DisruptionTarget"]
        self.assertEqual(len(target), 1, status["conditions"])
        self.assertEqual((target[0]["status"], target[0]["reason"]), ("True", "TerminationByKubelet"))
        self.assertEqual(target[0]["message"], status["message"])
        self.assertIn("terminated", status["containerStatuses"][0]["state"])
        events = json.loads(self.ok("get", "events", "-n", ns, "-o", "json"))["items"]
        evicted = [e for e in events if e["involvedObject"]["name"] == "hog" and e["reason"] == "Evicted"]
        self.assertEqual(len(evicted), 1, events)
        self.assertEqual(evicted[0]["type"], "Warning")
        self.assertEqual(evicted[0]["message"], status["message"])

        # The node reports MemoryPressure and is tainted for it.
        node = self.wait_node(lambda n: node_condition(n, "MemoryPressure").get("status") == "True" and n,
                              "MemoryPressure=True", 30)
        self.assertEqual(node_condition(node, "MemoryPressure")["reason"], "KubeletHasInsufficientMemory")
        self.wait_node(lambda n: has_taint(n, "node.kubernetes.io/memory-pressure"), "the memory-pressure taint", 30)

        # Under memory pressure a BestEffort pod is refused; a Burstable one runs.
        self.apply(pod("late", [{"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"]}], self.node), ns)
        self.apply(pod("late-burstable", [{"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"],
                                           "resources": {"requests": {"memory": "10Mi"}}}], self.node), ns)
        p = self.wait_pod("late", ns, lambda p: phase(p) == "Failed", "refused")
        self.assertEqual(p["status"]["reason"], "Evicted")
        self.assertEqual(p["status"]["message"], "Pod was rejected: The node had condition: [MemoryPressure]. ")
        self.assertNotIn("containerStatuses", p["status"])
        self.wait_pod("late-burstable", ns, lambda p: phase(p) == "Running", "Running")

        # Memory is back: the condition clears once the transition period has passed, the
        # taint goes, and the pod that fit its request was never touched.
        self.wait_node(lambda n: node_condition(n, "MemoryPressure").get("status") == "False", "MemoryPressure=False",
                       TRANSITION + 60)
        self.wait_node(lambda n: not has_taint(n, "node.kubernetes.io/memory-pressure"), "the taint to go", 30)
        self.assertEqual(phase(self.pod("bystander", ns)), "Running")
        node_events = json.loads(self.ok("get", "events", "-A", "-o", "json"))["items"]
        reasons = {e["reason"] for e in node_events if e["involvedObject"]["kind"] == "Node"}
        self.assertTrue({"EvictionThresholdMet", "NodeHasInsufficientMemory", "NodeHasSufficientMemory"} <= reasons,
                        reasons)


if __name__ == "__main__":
    unittest.main()

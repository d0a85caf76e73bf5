"""Node-pressure eviction on process IDs (pid.available) on `kubepp server`.

The machine is shared, so the test does not exhaust its PIDs: it sets the hard threshold on
pid.available just HEADROOM tasks below what the machine has free when the module starts. A pod
that starts FORKS sleeping processes then tips the node into PIDPressure: the kubelet reports the
condition, evicts the pod using the most processes (phase Failed, reason Evicted, "The node was
low on resource: pids."), and once its processes are gone the condition clears after
--eviction-pressure-transition-period.
"""

import json
import unittest

import e2e
from e2e import has_taint, node_condition, phase

BUSYBOX = "kubepp.local/busybox:1.35"
TRANSITION = 30  # seconds: --eviction-pressure-transition-period
# Tasks (threads count) the machine may start before the node is under PID pressure: the server
# itself takes a few hundred threads once it runs, and a test running next to it as many.
HEADROOM = 1200
FORKS = 1800     # sleeping processes of the pod that tips it


def read_int(path):
    with open(path) as f:
        return int(f.read().split()[0])


def free_pids():
    """What the kubelet measures: the smaller of pid_max and threads-max, less the tasks running."""
    max_pid = min(read_int("/proc/sys/kernel/pid_max"), read_int("/proc/sys/kernel/threads-max"))
    with open("/proc/loadavg") as f:
        tasks = int(f.read().split()[3].split("/")[1])
    return max_pid - tasks


class PidPressureTest(e2e.ClusterTestCase):

    @classmethod
    def setUpClass(cls):
        threshold = free_pids() - HEADROOM
        if threshold <= 0:
            raise unittest.SkipTest("the machine has fewer than %d free PIDs" % HEADROOM)
        cls.server_args = ("--remove-pods-on-exit",
                           "--eviction-hard=memory.available<100Mi,pid.available<%d" % threshold,
                           "--eviction-pressure-transition-period=%ds" % TRANSITION)
        super().setUpClass()

    def test_pod_forking_past_the_threshold_is_evicted_and_the_node_reports_pid_pressure(self):
        ns = self.namespace("pids")
        self.assertEqual(node_condition(self.node_object(), "PIDPressure")["status"], "False")
        quiet = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "quiet"},
                 "spec": {"containers": [{"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"]}]}}
        forker = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "forker"},
                  "spec": {"terminationGracePeriodSeconds": 5, "containers": [{
                      "name": "main", "image": BUSYBOX,
                      "command": ["sh", "-c", "i=0; while [ $i -lt %d ]; do sleep 3600 & i=$((i+1)); done; wait"
                                  % FORKS]}]}}
        self.apply(json.dumps(quiet), ns)
        self.wait_pod("quiet", ns, lambda p: e2e.condition(p, "Ready") == "True", "Ready")
        self.apply(json.dumps(forker), ns)

        p = self.wait_pod("forker", ns, lambda p: phase(p) == "Failed", "evicted")
        self.assertEqual(p["status"]["reason"], "Evicted")
        self.assertTrue(p["status"]["message"].startswith("The node was low on resource: pids."),
                        p["status"]["message"])
        # The quiet pod used few processes: ranked after the forker, it stays.
        self.assertEqual(phase(self.pod("quiet", ns)), "Running")
        node = self.wait_node(lambda n: node_condition(n, "PIDPressure")["status"] == "True"
                              and has_taint(n, "node.kubernetes.io/pid-pressure") and n,
                              "PIDPressure and its taint while the node is under pressure", 60)
        self.assertEqual(node_condition(node, "PIDPressure")["reason"], "KubeletHasInsufficientPID")
        # With the forker's processes gone the condition clears once the transition period passed.
        self.wait_node(lambda n: node_condition(n, "PIDPressure")["status"] == "False",
                       "PIDPressure to clear", TRANSITION + 90)
        events = json.loads(self.ok("get", "events", "-n", ns, "-o", "json"))["items"]
        self.assertTrue([e for e in events if e["reason"] == "Evicted"
                         and e["involvedObject"]["name"] == "forker"], events)


if __name__ == "__main__":
    unittest.main()

"""A restarted kubelet (and its containerd) adopts the running containers without restarting
them; a pod deleted while the kubelet was down is cleaned up when it comes back."""

import json
import subprocess
import unittest

import e2e
import harness
from e2e import container_status

BUSYBOX = "kubepp.local/busybox:1.35"


class KubeletRestartTest(e2e.ClusterTestCase):
    # The first server keeps its pods running when it stops, as a kubelet does.
    server_args = ()

    def test_restart_keeps_containers(self):
        ns = "restart"
        self.ok("create", "namespace", ns)
        for name in ("keep", "gone"):
            self.apply(json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
                                   "spec": {"terminationGracePeriodSeconds": 1, "containers": [
                                       {"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"]}]}}), ns)
        before = {}
        for name in ("keep", "gone"):
            p = self.wait_pod(name, ns, lambda p: container_status(p, "main").get("state", {}).get("running"),
                              "running")
            before[name] = container_status(p, "main")["containerID"]
        pid_file = self.server.data_dir + "/containerd/containerd.pid"
        with open(pid_file) as f:
            old_containerd = f.read().strip()

        # Down: the apiserver goes too (it is the same process), so the pod to delete is deleted
        # after the restart but before the kubelet could see it: force-delete it from a second
        # server start without the agent.
        self.server.stop(timeout=120)
        self.server.extra_args = ["--disable-agent"]
        self.server.start()
        self.ok("delete", "pod", "gone", "-n", ns, "--grace-period=0", "--force")
        self.server.stop(timeout=120)
        # Up again, with the agent, removing pods when this test's server finally stops.
        self.server.extra_args = ["--remove-pods-on-exit"]
        self.server.start()
        harness.wait_for(self._ready_node, e2e.POD_TIMEOUT, "the node Ready again")
        with open(pid_file) as f:
            self.assertNotEqual(f.read().strip(), old_containerd, "a new containerd")

        p = self.wait_pod("keep", ns, lambda p: container_status(p, "main").get("ready"), "Ready again")
        cs = container_status(p, "main")
        self.assertEqual(cs["containerID"], before["keep"], "the same container, adopted")
        self.assertEqual(cs["restartCount"], 0)
        self.assertIn("running", cs["state"])
        # The deleted pod's container is stopped and removed.
        gone_id = before["gone"].split("://", 1)[1]
        sock = self.server.data_dir + "/containerd/containerd.sock"

        def containers():
            out = subprocess.run(["ctr", "-a", sock, "-n", "k8s.io", "containers", "ls", "-q"],
                                 capture_output=True, text=True, timeout=30)
            return out.stdout.split()
        harness.wait_for(lambda: gone_id not in containers(), 60, "the deleted pod's container to be removed")
        self.assertIn(before["keep"].split("://", 1)[1], containers())
        self.delete_namespace(ns)


if __name__ == "__main__":
    unittest.main()

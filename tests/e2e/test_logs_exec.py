"""kubectl logs, exec, attach and port-forward through `kubepp server`: the apiserver's proxies
to the kubelet, the kubelet's API and containerd's streaming server, with real containers."""

import json
import os
import socket
import subprocess
import unittest
import urllib.request

import e2e
import harness
from e2e import condition

BUSYBOX = "kubepp.local/busybox:1.35"


def pod_manifest(name, spec):
    return json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec})


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LogsExecTest(e2e.ClusterTestCase):

    def ready_pod(self, ns, name, spec):
        self.apply(pod_manifest(name, spec), ns)
        return self.wait_pod(name, ns, lambda p: condition(p, "Ready") == "True", "Ready")

    def test_logs_of_a_running_container(self):
        ns = self.namespace("logs")
        self.ready_pod(ns, "counter", {"containers": [{"name": "main", "image": BUSYBOX, "command": [
            "sh", "-c", "echo starting; echo oops >&2; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"]}]})
        harness.wait_for(lambda: "tick 3" in self.ok("logs", "counter", "-n", ns), 60, "a few ticks")
        out = self.ok("logs", "counter", "-n", ns).splitlines()
        # stdout and stderr come through separate pipes: their order is the runtime's.
        self.assertEqual(sorted(out[:3]), ["oops", "starting", "tick 0"], out[:5])
        self.assertEqual(len(self.ok("logs", "counter", "-n", ns, "--tail=2").splitlines()), 2)
        stamped = self.ok("logs", "counter", "-n", ns, "--tail=1", "--timestamps")
        self.assertRegex(stamped, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z tick \d+\n$")
        # Following keeps delivering new lines.
        follower = self.server.kubectl_bg("logs", "-f", "--tail=1", "counter", "-n", ns)
        try:
            first = int(follower.wait_line(r"^tick \d+$").split()[1])
            follower.wait_line(r"^tick %d$" % (first + 3))
        finally:
            follower.stop()
        self.assertIn('previous terminated container "main" in pod "counter" not found',
                      self.fails("logs", "counter", "-n", ns, "--previous"))

    def test_logs_of_the_previous_instance(self):
        ns = self.namespace("previous")
        self.apply(pod_manifest("crasher", {"containers": [{"name": "main", "image": BUSYBOX, "command": [
            "sh", "-c", "echo run $(cat /proc/sys/kernel/random/uuid); sleep 1; exit 1"]}]}), ns)
        self.wait_pod("crasher", ns, lambda p: e2e.container_status(p, "main").get("restartCount", 0) >= 1,
                      "restarted")
        previous = harness.wait_for(lambda: self.kubectl("logs", "crasher", "-n", ns, "--previous").stdout,
                                    60, "the previous instance's log")
        self.assertRegex(previous, r"^run [0-9a-f-]{36}\n$")

    def test_exec_runs_commands_in_the_container(self):
        ns = self.namespace("exec")
        self.ready_pod(ns, "shell", {"containers": [
            {"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"]},
            {"name": "side", "image": BUSYBOX, "command": ["sleep", "3600"]}]})
        self.assertEqual(self.ok("exec", "shell", "-n", ns, "-c", "main", "--", "echo", "hello"), "hello\n")
        # stdin reaches the command; its exit code comes back.
        r = self.kubectl("exec", "-i", "shell", "-n", ns, "-c", "side", "--", "sh", "-c", "cat; exit 3",
                         input="from stdin")
        self.assertEqual((r.stdout, r.returncode), ("from stdin", 3), r.stderr)
        err = self.fails("exec", "shell", "-n", ns, "-c", "nope", "--", "true")
        self.assertIn("container nope is not valid for pod shell", err)
        # Every kubectl version gets through (the newer ones try WebSocket first).
        for version in ("1.27", "1.30", "1.33"):
            kubectl = "/usr/lib/google-cloud-sdk/bin/kubectl." + version
            if not os.path.exists(kubectl):
                continue
            r = self.kubectl("exec", "shell", "-n", ns, "-c", "main", "--", "cat", "/etc/hostname", kubectl=kubectl)
            self.assertEqual((r.returncode, r.stdout.strip()), (0, "shell"), "kubectl %s: %s" % (version, r.stderr))

    def test_port_forward_reaches_a_server_in_the_pod(self):
        ns = self.namespace("forward")
        self.ready_pod(ns, "web", {"containers": [{"name": "main", "image": BUSYBOX, "command": [
            "sh", "-c", "mkdir -p /www && echo served-from-the-pod > /www/index.html && httpd -f -p 8080 -h /www"]}]})
        port = free_port()
        forwarder = self.server.kubectl_bg("port-forward", "pod/web", "-n", ns, "%d:8080" % port)
        try:
            forwarder.wait_line(r"Forwarding from 127\.0\.0\.1:%d" % port)
            body = harness.wait_for(
                lambda: urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=10).read().decode(),
                60, "the pod's server through port-forward")
            self.assertEqual(body, "served-from-the-pod\n")
        finally:
            forwarder.stop()

    def test_node_proxy_reaches_the_kubelet(self):
        self.assertEqual(self.ok("get", "--raw", "/api/v1/nodes/%s/proxy/healthz" % self.node), "ok")
        pods = json.loads(self.ok("get", "--raw", "/api/v1/nodes/%s/proxy/pods" % self.node))
        self.assertEqual(pods["kind"], "PodList")


if __name__ == "__main__":
    unittest.main()

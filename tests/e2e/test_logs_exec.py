"""kubectl logs, exec, attach and port-forward through `kubepp server`: the apiserver's proxies
to the kubelet, the kubelet's API and containerd's streaming server, with real containers.

kubectl 1.30+ asks for exec over WebSocket (v5.channel.k8s.io) and 1.31+ for port-forward over
WebSocket (SPDY/3.1+portforward.k8s.io), which the apiserver translates to SPDY towards the
kubelet; older kubectl, or newer with KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false /
KUBECTL_PORT_FORWARD_WEBSOCKETS=false, speak SPDY, which is relayed. Each case runs kubectl with
-v=8 and checks the protocol it negotiated (and that it did not fall back)."""

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import unittest
import urllib.request

import e2e
import harness
from e2e import condition

BUSYBOX = "kubepp.local/busybox:1.35"


def pod_manifest(name, spec):
    return json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec})


KUBECTL_DIR = "/usr/lib/google-cloud-sdk/bin"


def kubectl_of(version):
    path = os.path.join(KUBECTL_DIR, "kubectl." + version)
    return path if os.path.exists(path) else None


def assert_protocol(test, verbose_stderr, protocol, what):
    """Asserts from kubectl's -v=8 log that the server switched to `protocol` at the first try.

    The headers of the 101 answer name it (Sec-Websocket-Protocol for WebSocket,
    X-Stream-Protocol-Version for SPDY); a client that fell back would log the fallback and
    send the other protocol's headers as well."""
    if os.environ.get("KUBEPP_SHOW_KUBECTL_LOG"):
        sys.stderr.write("=== %s\n%s\n" % (what, verbose_stderr))
    websocket = "+" in protocol or protocol.startswith("v5.")
    test.assertNotRegex(verbose_stderr, r"(?i)fallback", what)
    switched = verbose_stderr.find("101 Switching Protocols")
    test.assertGreaterEqual(switched, 0, "%s: no 101 answer in\n%s" % (what, verbose_stderr[-3000:]))
    answer = "\n".join(verbose_stderr[switched:].splitlines()[1:7])
    header = "Sec-Websocket-Protocol" if websocket else "X-Stream-Protocol-Version"
    test.assertRegex(answer, r"(?m)%s: %s$" % (header, re.escape(protocol)), what)
    other = "X-Stream-Protocol-Version" if websocket else "Sec-Websocket-Protocol"
    test.assertNotIn(other, verbose_stderr, what)


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
        err = self.fails("exec", "shell", "-n", ns, "-c", "nope", "--", "true")
        self.assertIn("container nope is not valid for pod shell", err)
        # Every protocol: WebSocket v5 (translated to SPDY by the apiserver), SPDY from a new
        # kubectl told not to use WebSocket, SPDY from an old kubectl.
        spdy_env = self.server.env(KUBECTL_REMOTE_COMMAND_WEBSOCKETS="false")
        cases = [("1.33", None, "v5.channel.k8s.io"), ("1.33", spdy_env, "v4.channel.k8s.io"),
                 ("1.30", None, "v5.channel.k8s.io"), ("1.27", None, "v4.channel.k8s.io")]
        for version, env, protocol in cases:
            kubectl = kubectl_of(version)
            if not kubectl:
                continue
            what = "kubectl %s %s" % (version, protocol)
            with self.subTest(what):
                # stdin from a pipe that ends reaches the command; its exit code comes back.
                r = self.kubectl("exec", "-i", "shell", "-n", ns, "-c", "side", "-v=8", "--", "sh", "-c",
                                 "cat; exit 3", input="from stdin", kubectl=kubectl, env=env)
                self.assertEqual((r.stdout, r.returncode), ("from stdin", 3), "%s: %s" % (what, r.stderr[-3000:]))
                assert_protocol(self, r.stderr, protocol, what)
                # stdout and stderr stay apart; no stdin at all.
                r = self.kubectl("exec", "shell", "-n", ns, "-c", "main", "--", "sh", "-c",
                                 "cat /etc/hostname; echo oops >&2", kubectl=kubectl, env=env)
                self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "shell\n", "oops\n"), what)
                # A megabyte of stdin arrives whole.
                data = "".join("line %06d of the input\n" % i for i in range(40000))
                r = self.kubectl("exec", "-i", "shell", "-n", ns, "-c", "main", "--", "wc", "-c",
                                 input=data, kubectl=kubectl, env=env)
                self.assertEqual((r.returncode, r.stdout.strip()), (0, str(len(data))), "%s: %s" % (what, r.stderr))

    def test_cp_into_and_out_of_a_pod(self):
        ns = self.namespace("cp")
        self.ready_pod(ns, "box", {"containers": [{"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"]}]})
        content = "".join("copied line %d\n" % i for i in range(5000))
        for version in ("1.33", "1.27"):
            kubectl = kubectl_of(version)
            if not kubectl:
                continue
            with tempfile.TemporaryDirectory() as tmp:
                src = os.path.join(tmp, "upload.txt")
                with open(src, "w") as f:
                    f.write(content)
                target = "/tmp/upload-%s.txt" % version
                self.ok("cp", src, "%s/box:%s" % (ns, target), kubectl=kubectl)
                self.assertEqual(self.ok("exec", "box", "-n", ns, "--", "cat", target, kubectl=kubectl), content)
                back = os.path.join(tmp, "download.txt")
                self.ok("cp", "%s/box:%s" % (ns, target), back, kubectl=kubectl)
                with open(back) as f:
                    self.assertEqual(f.read(), content, "kubectl %s" % version)

    def test_port_forward_reaches_a_server_in_the_pod(self):
        ns = self.namespace("forward")
        self.ready_pod(ns, "web", {"containers": [{"name": "main", "image": BUSYBOX, "command": [
            "sh", "-c", "mkdir -p /www && echo served-from-the-pod > /www/index.html && httpd -f -p 8080 -h /www"]}]})
        spdy_env = self.server.env(KUBECTL_PORT_FORWARD_WEBSOCKETS="false")
        cases = [("1.33", None, "SPDY/3.1+portforward.k8s.io"), ("1.33", spdy_env, "portforward.k8s.io"),
                 ("1.27", None, "portforward.k8s.io")]
        for version, env, protocol in cases:
            kubectl = kubectl_of(version)
            if not kubectl:
                continue
            what = "kubectl %s %s" % (version, protocol)
            with self.subTest(what):
                port = free_port()
                # kubectl -v=8 logs every tunnelled message: its log goes to a file, not a pipe.
                log_path = os.path.join(self.server.tmp, "port-forward-%d.log" % port)
                with open(log_path, "w") as log_file:
                    proc = subprocess.Popen(
                        [kubectl, "--kubeconfig", self.server.kubeconfig, "port-forward", "pod/web", "-n", ns,
                         "%d:8080" % port, "-v=8"],
                        stdout=subprocess.PIPE, stderr=log_file, stdin=subprocess.DEVNULL, text=True,
                        env=env or self.server.env())
                forwarder = harness.LineReader(proc)
                try:
                    forwarder.wait_line(r"Forwarding from 127\.0\.0\.1:%d" % port)
                    for _ in range(3):  # each request is a new stream in the session
                        body = harness.wait_for(
                            lambda: urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=10).read().decode(),
                            60, "the pod's server through port-forward")
                        self.assertEqual(body, "served-from-the-pod\n")
                finally:
                    forwarder.stop()
                with open(log_path) as f:
                    log = f.read()
                assert_protocol(self, log, protocol, what)

    def test_node_proxy_reaches_the_kubelet(self):
        self.assertEqual(self.ok("get", "--raw", "/api/v1/nodes/%s/proxy/healthz" % self.node), "ok")
        pods = json.loads(self.ok("get", "--raw", "/api/v1/nodes/%s/proxy/pods" % self.node))
        self.assertEqual(pods["kind"], "PodList")


if __name__ == "__main__":
    unittest.main()

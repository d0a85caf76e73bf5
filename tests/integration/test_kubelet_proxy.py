"""The apiserver's proxies to kubelets, driven by kubectl against a real kubepp server and the
kubelet's real HTTPS API (kubepp_fake_kubelet: kubelet/server over a node made of files).

The fake kubelet serves pods and CRI log files the test writes; a Node registered with its
address and port, and pods bound to that node, let `kubectl logs` (tail, timestamps, follow
until the container stops, upstream's errors), `kubectl exec` errors and
`kubectl get --raw /api/v1/nodes/N/proxy/...` go the whole way.
"""

import json
import os
import signal
import socket
import subprocess
import unittest

import harness

NODE = "fake-node"


def fake_kubelet_bin():
    path = os.environ.get("KUBEPP_FAKE_KUBELET_BIN") or os.path.join(
        harness.REPO, "build", "tests", "integration", "kubepp_fake_kubelet")
    if not os.access(path, os.X_OK):
        raise unittest.SkipTest("kubepp_fake_kubelet not found at %s (set KUBEPP_FAKE_KUBELET_BIN)" % path)
    return path


def node_address():
    """An address of this host the apiserver may proxy to (not loopback), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent; this only picks the outgoing interface
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def cri_line(second, text, stream="stdout", tag="F"):
    return "2024-03-01T10:00:%02d.000000001Z %s %s %s\n" % (second, stream, tag, text)


def pod(name, containers, node, statuses):
    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"nodeName": node, "containers": [{"name": c, "image": "busybox"} for c in containers]}
        if node else {"containers": [{"name": c, "image": "busybox"} for c in containers]},
        "status": {"phase": "Running", "containerStatuses": statuses},
    }


def running(name, instance):
    return {"name": name, "containerID": "fake://" + instance, "ready": True, "restartCount": 0,
            "image": "busybox", "imageID": "", "state": {"running": {"startedAt": "2024-03-01T10:00:00Z"}}}


class KubeletProxyTest(harness.ServerTestCase):
    server_args = ("--disable-controller-manager", "--disable-scheduler")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # No controller-manager makes the namespace's default ServiceAccount, which pods run as.
        made = cls.server.kubectl("create", "serviceaccount", "default", "-n", "default")
        if made.returncode != 0:
            cls.server.cleanup()
            raise AssertionError("creating the default ServiceAccount failed: " + made.stderr)
        cls.state = os.path.join(cls.server.tmp, "fake-kubelet")
        cls.logs = os.path.join(cls.state, "logs")
        os.makedirs(os.path.join(cls.state, "pods"))
        os.makedirs(cls.logs)
        port_file = os.path.join(cls.state, "port")
        cls.kubelet_log = open(os.path.join(cls.server.tmp, "fake-kubelet.log"), "ab")
        cls.kubelet = subprocess.Popen(
            [fake_kubelet_bin(), "--pki-dir", os.path.join(cls.server.data_dir, "pki"),
             "--state-dir", cls.state, "--port-file", port_file],
            stdout=cls.kubelet_log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

        def port():
            if cls.kubelet.poll() is not None:
                raise AssertionError("kubepp_fake_kubelet exited with %s" % cls.kubelet.returncode)
            with open(port_file) as f:
                return int(f.read())
        cls.kubelet_port = harness.wait_for(port, 30, "the fake kubelet's port")
        cls.address = node_address()
        node = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": NODE},
                "status": {"addresses": [{"type": "InternalIP", "address": cls.address or "127.0.0.1"},
                                         {"type": "Hostname", "address": NODE}],
                           "daemonEndpoints": {"kubeletEndpoint": {"Port": cls.kubelet_port}}}}
        cls.server.kubectl("create", "-f", "-", input=json.dumps(node))

    @classmethod
    def tearDownClass(cls):
        if cls.kubelet.poll() is None:
            cls.kubelet.send_signal(signal.SIGTERM)
            try:
                cls.kubelet.wait(harness.STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                cls.kubelet.kill()
                cls.kubelet.wait()
        cls.kubelet_log.close()
        super().tearDownClass()

    def run_pod(self, obj, log_lines=None):
        """Creates the pod in the API and on the fake node, with the logs of its instances."""
        spec_only = dict(obj)
        spec_only.pop("status")
        self.ok("create", "-f", "-", input=json.dumps(spec_only))
        with open(os.path.join(self.state, "pods", "default_%s.json" % obj["metadata"]["name"]), "w") as f:
            json.dump(obj, f)
        for instance, lines in (log_lines or {}).items():
            with open(os.path.join(self.logs, instance + ".log"), "w") as f:
                f.write("".join(lines))

    def append_log(self, instance, text):
        with open(os.path.join(self.logs, instance + ".log"), "a") as f:
            f.write(text)

    def test_logs_with_tail_and_timestamps(self):
        self.run_pod(pod("web", ["app"], NODE, [running("app", "web-app")]),
                     {"web-app": [cri_line(1, "hello"), cri_line(2, "a split ", tag="P"),
                                  cri_line(3, "line"), cri_line(4, "oops", stream="stderr")]})
        self.assertEqual(self.ok("logs", "web"), "hello\na split line\noops\n")
        self.assertEqual(self.ok("logs", "web", "--tail=1"), "oops\n")
        self.assertEqual(self.ok("logs", "web", "--tail=1", "--timestamps"),
                         "2024-03-01T10:00:04.000000001Z oops\n")
        self.assertEqual(self.ok("logs", "web", "--limit-bytes=8"), "hello\na ")
        self.assertEqual(self.ok("logs", "pod/web", "-c", "app", "--since-time=2024-03-01T10:00:03Z"),
                         "line\noops\n")

    def test_log_errors_are_upstreams(self):
        self.run_pod(pod("multi", ["app", "sidecar"], NODE,
                         [running("app", "multi-app"),
                          {"name": "sidecar", "ready": False, "restartCount": 0, "image": "busybox",
                           "imageID": "", "state": {"waiting": {"reason": "ContainerCreating"}}}]),
                     {"multi-app": [cri_line(1, "from app")]})
        r = self.kubectl("get", "--raw", "/api/v1/namespaces/default/pods/multi/log")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("a container name must be specified for pod multi, choose one of: [app sidecar]", r.stderr)
        self.assertIn("container nope is not valid for pod multi", self.fails("logs", "multi", "-c", "nope"))
        self.assertIn('previous terminated container "app" in pod "multi" not found',
                      self.fails("logs", "multi", "-c", "app", "--previous"))
        self.assertIn('container "sidecar" in pod "multi" is waiting to start: ContainerCreating',
                      self.fails("logs", "multi", "-c", "sidecar"))
        self.assertEqual(self.ok("logs", "multi", "-c", "app"), "from app\n")
        self.assertIn('pods "ghost" not found', self.fails("logs", "ghost"))
        # A pod the API knows but the kubelet does not: the kubelet's 404, as upstream words it.
        self.ok("create", "-f", "-", input=json.dumps(
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "stray"},
             "spec": {"nodeName": NODE, "containers": [{"name": "app", "image": "busybox"}]}}))
        self.assertIn("the server could not find the requested resource ( pods/log stray)",
                      self.fails("logs", "stray"))

    def test_logs_of_an_unscheduled_pod_are_empty(self):
        self.ok("create", "-f", "-", input=json.dumps(
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "waiting"},
             "spec": {"containers": [{"name": "app", "image": "busybox"}]}}))
        r = self.kubectl("get", "--raw", "/api/v1/namespaces/default/pods/waiting/log")
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)

    def test_follow_streams_until_the_container_stops(self):
        self.run_pod(pod("tail", ["app"], NODE, [running("app", "tail-app")]),
                     {"tail-app": [cri_line(1, "first")]})
        marker = os.path.join(self.logs, "tail-app.running")
        open(marker, "w").close()
        follower = self.server.kubectl_bg("logs", "-f", "tail")
        try:
            follower.wait_line(r"^first$")
            self.append_log("tail-app", cri_line(2, "second"))
            follower.wait_line(r"^second$")
            self.append_log("tail-app", cri_line(3, "third"))
            follower.wait_line(r"^third$")
            self.assertIsNone(follower.proc.poll(), "kubectl logs -f ended while the container runs")
            # The container stops: its last line still arrives, then kubectl returns.
            self.append_log("tail-app", cri_line(4, "bye"))
            os.unlink(marker)
            follower.wait_line(r"^bye$")
            code = harness.wait_for(lambda: follower.proc.poll() is not None and (follower.proc.returncode,),
                                    30, "kubectl logs -f to end")
            self.assertEqual(code, (0,))
        finally:
            follower.stop()

    def test_exec_reaches_the_kubelet(self):
        self.run_pod(pod("shell", ["app", "sidecar"], NODE, [running("app", "shell-app")]))
        self.assertIn("container nope is not valid for pod shell",
                      self.fails("exec", "shell", "-c", "nope", "--", "true"))
        # The fake kubelet has no runtime: its refusal travels back through the apiserver.
        err = self.fails("exec", "shell", "-c", "app", "--", "true")
        self.assertIn("no container runtime is attached to this fake kubelet", err)

    def test_node_proxy(self):
        if self.address is None:
            # Upstream refuses to proxy to loopback node addresses; that is all we can check here.
            r = self.kubectl("get", "--raw", "/api/v1/nodes/%s/proxy/healthz" % NODE)
            self.assertIn("address not allowed", r.stderr)
            return
        self.assertEqual(self.ok("get", "--raw", "/api/v1/nodes/%s/proxy/healthz" % NODE), "ok")
        self.run_pod(pod("listed", ["app"], NODE, [running("app", "listed-app")]))
        pods = json.loads(self.ok("get", "--raw", "/api/v1/nodes/%s/proxy/pods" % NODE))
        self.assertEqual(pods["kind"], "PodList")
        self.assertIn("listed", [p["metadata"]["name"] for p in pods["items"]])

    def test_discovery_lists_the_subresources(self):
        resources = {r["name"]: r for r in json.loads(self.ok("get", "--raw", "/api/v1"))["resources"]}
        for name in ("pods/log", "pods/exec", "pods/attach", "pods/portforward", "nodes/proxy"):
            self.assertIn(name, resources)
        self.assertEqual(resources["pods/log"]["verbs"], ["get"])
        self.assertEqual(sorted(resources["pods/exec"]["verbs"]), ["create", "get"])


if __name__ == "__main__":
    unittest.main()

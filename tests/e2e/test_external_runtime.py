"""`kubepp kubelet --container-runtime-endpoint`: a node agent on its own, joining a
`kubepp server --disable-agent`, running its pods through a containerd it did not start.

The test plays the operator: it starts Debian's containerd with a config of its own (state, socket
and CNI directory under the test's temp dir), imports the images with `ctr`, and starts the kubelet
pointed at that socket, with --cni-conf-dir naming the runtime's CNI directory. At the end the
kubelet (with --remove-pods-on-exit) removes its pods, containerd stops, and nothing may be left:
no containers in containerd, no processes, mounts or iptables rules of the run.
"""

import json
import os
import signal
import subprocess
import sys
import unittest

import e2e
import harness

BUSYBOX = "kubepp.local/busybox:1.35"
NODE = "external-node"
CRI = 'plugins."io.containerd.grpc.v1.cri"'


def containerd_config(root):
    """A containerd config as an operator would write one, everything under `root`."""
    return "\n".join([
        "version = 2",
        'root = "%s/root"' % root,
        'state = "%s/state"' % root,
        "[grpc]",
        '  address = "%s/containerd.sock"' % root,
        "[ttrpc]",
        '  address = "%s/containerd.sock.ttrpc"' % root,
        "[%s]" % CRI,
        '  sandbox_image = "kubepp.local/pause:3.9"',
        '  stream_server_address = "127.0.0.1"',
        '  stream_server_port = "0"',
        "  netns_mounts_under_state_dir = true",
        "  restrict_oom_score_adj = true",
        "[%s.containerd]" % CRI,
        '  snapshotter = "overlayfs"',
        '  default_runtime_name = "runc"',
        "[%s.containerd.runtimes.runc]" % CRI,
        '  runtime_type = "io.containerd.runc.v2"',
        "[%s.containerd.runtimes.runc.options]" % CRI,
        "  SystemdCgroup = false",
        '  Root = "%s/state/runc"' % root,
        "[%s.cni]" % CRI,
        '  bin_dir = "/usr/lib/cni"',
        '  conf_dir = "%s/cni"' % root,
        "  max_conf_num = 1",
        "",
    ])


class ExternalRuntimeTest(harness.ServerTestCase):
    agent = False
    containerd = None
    kubelet = None

    @classmethod
    def setUpClass(cls):
        e2e.require_root()
        cls.had_bridge = os.path.exists("/sys/class/net/cni0")
        cls.rules_before = e2e.iptables_rules()
        super().setUpClass()
        try:
            cls._start_node()
        except BaseException:
            cls._stop_node()
            cls.server.cleanup()
            raise

    @classmethod
    def _start_node(cls):
        tmp = cls.server.tmp
        cls.runtime_dir = os.path.join(tmp, "containerd")
        os.makedirs(os.path.join(cls.runtime_dir, "cni"))
        config = os.path.join(cls.runtime_dir, "config.toml")
        with open(config, "w") as f:
            f.write(containerd_config(cls.runtime_dir))
        cls.socket = os.path.join(cls.runtime_dir, "containerd.sock")
        cls.containerd_log = open(os.path.join(tmp, "containerd.log"), "wb")
        cls.containerd = subprocess.Popen(["containerd", "--config", config], stdout=cls.containerd_log,
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        harness.wait_for(lambda: cls.ctr("version").returncode == 0, 60, "containerd to serve")
        images = os.path.join(os.path.dirname(harness.kubepp_bin()), "images")
        for image in ("pause.tar", "busybox.tar"):
            out = cls.ctr("images", "import", os.path.join(images, image))
            if out.returncode != 0:
                raise AssertionError("ctr import %s: %s" % (image, out.stderr))
        cls.kubelet_log_path = os.path.join(tmp, "kubelet.log")
        cls.kubelet_log = open(cls.kubelet_log_path, "wb")
        cls.kubelet = subprocess.Popen(
            [harness.kubepp_bin(), "kubelet", "--kubeconfig", cls.server.kubeconfig,
             "--data-dir", os.path.join(tmp, "node"), "--hostname-override", NODE,
             "--container-runtime-endpoint", "unix://" + cls.socket,
             "--cni-conf-dir", os.path.join(cls.runtime_dir, "cni"),
             "--kubelet-port", str(harness.free_port()), "--remove-pods-on-exit",
             "--eviction-hard=memory.available<100Mi", "--image-gc-high-threshold=100"],
            stdout=cls.kubelet_log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            harness.wait_for(cls._node_ready, e2e.POD_TIMEOUT, "node %s to be Ready" % NODE, interval=0.2)
        except AssertionError:
            sys.stderr.write(cls.kubelet_tail())
            raise

    @classmethod
    def ctr(cls, *args):
        return subprocess.run(["ctr", "--address", cls.socket, "--namespace", "k8s.io"] + list(args),
                              capture_output=True, text=True, timeout=120)

    @classmethod
    def kubelet_tail(cls, lines=60):
        with open(cls.kubelet_log_path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])

    @classmethod
    def _node_ready(cls):
        out = cls.server.kubectl("get", "node", NODE, "-o", "json")
        if out.returncode != 0:
            return None
        node = json.loads(out.stdout)
        ready = [c for c in node["status"].get("conditions", []) if c["type"] == "Ready"]
        return node if ready and ready[0]["status"] == "True" else None

    @classmethod
    def _stop_node(cls):
        """Stops the kubelet, then containerd; returns what either left behind."""
        leftovers = []
        if cls.kubelet is not None and cls.kubelet.poll() is None:
            if harness.terminate(cls.kubelet, 120) is None:
                leftovers.append("the kubelet did not stop")
        if cls.containerd is not None and cls.containerd.poll() is None:
            containers = cls.ctr("containers", "list", "--quiet").stdout.split()
            if containers:
                leftovers.append("containers: %s" % containers)
            harness.terminate(cls.containerd, 60)
        return leftovers

    @classmethod
    def tearDownClass(cls):
        leftovers = cls._stop_node()
        tmp = cls.server.tmp
        cls.server.stop()
        procs = e2e.processes_mentioning(tmp)
        if procs:
            leftovers.append("processes: %s" % procs)
            for pid, _ in procs:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        if not cls.had_bridge and os.path.exists("/sys/class/net/cni0"):
            subprocess.run(["ip", "link", "del", "cni0"], check=False)
        e2e.remove_hostport_chains(e2e.iptables_rules() - cls.rules_before)
        rules = sorted(e2e.iptables_rules() - cls.rules_before)
        if rules:
            leftovers.append("iptables: %s" % rules)
        mounts = e2e.mounts_under(tmp)
        if mounts:
            leftovers.append("mounts: %s" % mounts)
            for m in sorted(mounts, key=len, reverse=True):
                subprocess.run(["umount", "-l", m], check=False)
        if os.environ.get("KUBEPP_KEEP") or leftovers:
            sys.stderr.write("kubepp e2e: kept %s\n" % tmp)
        else:
            cls.server.cleanup()
        if leftovers:
            raise AssertionError("the node left things behind: %s\n%s" % ("; ".join(leftovers), cls.kubelet_tail()))

    def test_node_reports_the_runtime_it_was_given(self):
        node = self._node_ready()
        version = subprocess.run(["containerd", "--version"], capture_output=True, text=True).stdout.split()
        self.assertEqual(node["status"]["nodeInfo"]["containerRuntimeVersion"], "containerd://" + version[2])
        # The kubelet wrote the pod network's config where this containerd reads it.
        self.assertTrue(os.listdir(os.path.join(self.runtime_dir, "cni")))

    def test_pod_runs_through_the_external_containerd(self):
        ns = "external"
        self.ok("create", "namespace", ns)
        self.addCleanup(self.kubectl, "delete", "namespace", ns, "--wait=false")
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "box"},
               "spec": {"containers": [{"name": "main", "image": BUSYBOX,
                                        "command": ["sh", "-c", "echo started; exec sleep 3600"]}]}}
        self.ok("apply", "-n", ns, "-f", "-", input=json.dumps(pod))

        def ready():
            out = self.kubectl("get", "pod", "box", "-n", ns, "-o", "json")
            if out.returncode != 0:
                return None
            p = json.loads(out.stdout)
            conditions = {c["type"]: c["status"] for c in p["status"].get("conditions", [])}
            return p if conditions.get("Ready") == "True" else None
        p = harness.wait_for(ready, e2e.POD_TIMEOUT, "pod box to be Ready", interval=0.2)
        self.assertEqual(p["spec"]["nodeName"], NODE)
        container_id = p["status"]["containerStatuses"][0]["containerID"]
        self.assertTrue(container_id.startswith("containerd://"), container_id)
        # The container is this containerd's.
        self.assertIn(container_id[len("containerd://"):], self.ctr("containers", "list", "--quiet").stdout.split())
        self.assertEqual(self.ok("exec", "-n", ns, "box", "--", "echo", "hello"), "hello\n")
        harness.wait_for(lambda: self.ok("logs", "-n", ns, "box") == "started\n", 30, "the pod's log")
        self.ok("delete", "pod", "box", "-n", ns, "--wait=false")
        harness.wait_for(lambda: self.kubectl("get", "pod", "box", "-n", ns).returncode != 0, e2e.POD_TIMEOUT,
                         "pod box to be gone", interval=0.2)
        harness.wait_for(lambda: container_id[len("containerd://"):] not in
                         self.ctr("containers", "list", "--quiet").stdout.split(), 60,
                         "its container to be removed from containerd")


if __name__ == "__main__":
    unittest.main()

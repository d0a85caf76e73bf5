"""More of what pods do on a real node: OOMKilled under a memory limit, a ConfigMap volume updated
inside a running pod, volumes owned by the pod's fsGroup, a Job run to completion, a static pod and
its mirror, and `kubectl cp` with the oldest and newest kubectl."""

import json
import os
import shutil
import sys
import tempfile
import unittest

import e2e
import harness
from e2e import condition, container_status, phase

BUSYBOX = "kubepp.local/busybox:1.35"
STATIC_POD = """apiVersion: v1
kind: Pod
metadata:
  name: static-web
  labels:
    app: static-web
spec:
  containers:
  - name: web
    image: kubepp.local/busybox:1.35
    command: ["sleep", "3600"]
"""


def pod_manifest(name, spec, labels=None):
    meta = {"name": name}
    if labels:
        meta["labels"] = labels
    return json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec})


class PodFeaturesTest(e2e.ClusterTestCase):

    @classmethod
    def setUpClass(cls):
        cls.manifests = tempfile.mkdtemp(prefix="kubepp-static-")
        cls.server_args = ("--remove-pods-on-exit", "--pod-manifest-path", cls.manifests)
        try:
            super().setUpClass()
        except BaseException:
            shutil.rmtree(cls.manifests, ignore_errors=True)
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            shutil.rmtree(cls.manifests, ignore_errors=True)

    def test_memory_limit_ends_in_oom_killed(self):
        ns = self.namespace("oom")
        spec = {"restartPolicy": "Never", "containers": [{
            "name": "hog", "image": "kubepp.local/stress:1", "args": ["256", "16"],
            "resources": {"limits": {"memory": "64Mi"}, "requests": {"memory": "64Mi"}}}]}
        self.apply(pod_manifest("hog", spec), ns)
        p = self.wait_pod("hog", ns, lambda p: phase(p) == "Failed", "Failed")
        t = container_status(p, "hog")["state"]["terminated"]
        self.assertEqual(t["reason"], "OOMKilled")
        self.assertEqual(t["exitCode"], 137)
        self.assertEqual(p["status"]["qosClass"], "Burstable")
        self.assertRegex(self.ok("get", "pod", "hog", "-n", ns), r"hog\s+0/1\s+OOMKilled")

    def run_in(self, ns, pod, script):
        """Runs `script` with sh in the pod's container: (exit code, stdout)."""
        out = self.kubectl("exec", "-n", ns, pod, "--", "sh", "-c", script)
        if out.returncode != 0:
            sys.stderr.write("%s: %r exited %d: %s\n" % (pod, script, out.returncode, out.stderr))
        return out.returncode, out.stdout.strip()

    def test_security_context_reaches_the_container(self):
        ns = self.namespace("secctx")
        contexts = {
            "plain": None,
            "locked": {"readOnlyRootFilesystem": True, "allowPrivilegeEscalation": False,
                       "capabilities": {"drop": ["CHOWN"]}, "seccompProfile": {"type": "RuntimeDefault"}},
            "netadmin": {"capabilities": {"add": ["NET_ADMIN"]}},
            "privileged": {"privileged": True},
        }
        for name, sc in contexts.items():
            container = {"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"]}
            if sc:
                container["securityContext"] = sc
            self.apply(pod_manifest(name, {"containers": [container]}), ns)
        for name in contexts:
            self.wait_pod(name, ns, lambda p: condition(p, "Ready") == "True", "Ready")

        status_field = "grep '^%s:' /proc/self/status | cut -f2"
        proc_sys_options = "awk '$2 == \"/proc/sys\" {print $4}' /proc/mounts"
        change_lo = "ip link set lo mtu 1500"
        # Nothing asked: writable root, the default capabilities, unconfined, /proc masked.
        self.assertEqual(self.run_in(ns, "plain", "touch /written && chown 1 /written"), (0, ""))
        self.assertEqual(self.run_in(ns, "plain", status_field % "Seccomp"), (0, "0"))
        self.assertEqual(self.run_in(ns, "plain", status_field % "NoNewPrivs"), (0, "0"))
        self.assertTrue(self.run_in(ns, "plain", proc_sys_options)[1].startswith("ro,"))
        masked_keys = "grep -c ' /proc/keys ' /proc/mounts"  # a masked path is a mount over it
        self.assertEqual(self.run_in(ns, "plain", masked_keys)[1], "1")
        self.assertNotEqual(self.run_in(ns, "plain", change_lo)[0], 0, "NET_ADMIN is not a default")
        # Locked down: read-only root, CHOWN dropped, the runtime's seccomp filter, no new privileges.
        self.assertNotEqual(self.run_in(ns, "locked", "touch /written")[0], 0)
        self.assertEqual(self.run_in(ns, "locked", "touch /tmp/x 2>&1; echo $?")[1].split()[-1], "1",
                         "/tmp is part of the read-only root")
        self.assertNotEqual(self.run_in(ns, "locked", "chown 1 /proc/self/fd/0 /dev/null")[0], 0)
        self.assertEqual(self.run_in(ns, "locked", status_field % "Seccomp"), (0, "2"))
        self.assertEqual(self.run_in(ns, "locked", status_field % "NoNewPrivs"), (0, "1"))
        # An added capability.
        self.assertEqual(self.run_in(ns, "netadmin", change_lo), (0, ""))
        # Privileged: every capability and /proc as the host has it.
        self.assertEqual(self.run_in(ns, "privileged", change_lo), (0, ""))
        self.assertNotEqual(self.run_in(ns, "privileged", status_field % "CapEff"),
                            self.run_in(ns, "plain", status_field % "CapEff"))
        self.assertFalse(self.run_in(ns, "privileged", proc_sys_options)[1].startswith("ro,"))
        self.assertEqual(self.run_in(ns, "privileged", masked_keys)[1], "0")

    def test_requests_and_limits_reach_the_containers_cgroups(self):
        ns = self.namespace("cgroups")
        self.apply(pod_manifest("limited", {"containers": [{
            "name": "main", "image": BUSYBOX, "command": ["sleep", "3600"],
            "resources": {"requests": {"cpu": "100m", "memory": "32Mi"},
                          "limits": {"cpu": "250m", "memory": "64Mi"}}}]}), ns)
        p = self.wait_pod("limited", ns, lambda p: condition(p, "Ready") == "True", "Ready")
        self.assertEqual(p["status"]["qosClass"], "Burstable")
        # The container sees its own cgroups (v1) at the usual places.
        read = "cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us" \
               " /sys/fs/cgroup/cpu/cpu.shares /sys/fs/cgroup/memory/memory.limit_in_bytes"
        self.assertEqual(self.run_in(ns, "limited", read)[1].split(),
                         ["25000", "100000", "102", str(64 * 1024 ** 2)])

    def test_configmap_volume_follows_updates(self):
        ns = self.namespace("cmvol")
        self.ok("create", "configmap", "settings", "-n", ns, "--from-literal=mode=slow")
        spec = {"volumes": [{"name": "cfg", "configMap": {"name": "settings"}}],
                "containers": [{"name": "app", "image": BUSYBOX,
                                "command": ["sh", "-c", "sleep 3600"],
                                "volumeMounts": [{"name": "cfg", "mountPath": "/etc/app"}]}]}
        self.apply(pod_manifest("reader", spec), ns)
        self.wait_pod("reader", ns, lambda p: condition(p, "Ready") == "True", "Ready")
        self.assertEqual(self.ok("exec", "-n", ns, "reader", "--", "cat", "/etc/app/mode"), "slow")
        self.ok("patch", "configmap", "settings", "-n", ns, "-p", '{"data":{"mode":"fast"}}')
        # The kubelet resyncs each pod every minute (upstream: within the sync period plus
        # the cache's TTL); the file changes in place, without a restart.
        harness.wait_for(lambda: self.kubectl("exec", "-n", ns, "reader", "--", "cat", "/etc/app/mode").stdout == "fast",
                         100, "the updated value inside the pod", interval=1)
        self.assertEqual(container_status(self.pod("reader", ns), "app")["restartCount"], 0)

    def test_fs_group_owns_the_pods_volumes(self):
        ns = self.namespace("fsgroup")
        self.ok("create", "configmap", "settings", "-n", ns, "--from-literal=mode=slow")
        spec = {"securityContext": {"runAsUser": 1000, "runAsGroup": 3000, "fsGroup": 2000},
                "volumes": [{"name": "data", "emptyDir": {}},
                            {"name": "cfg", "configMap": {"name": "settings", "defaultMode": 0o600}}],
                "containers": [{"name": "app", "image": BUSYBOX, "command": ["sleep", "3600"],
                                "volumeMounts": [{"name": "data", "mountPath": "/data"},
                                                 {"name": "cfg", "mountPath": "/etc/app"}]}]}
        self.apply(pod_manifest("owner", spec), ns)
        self.wait_pod("owner", ns, lambda p: condition(p, "Ready") == "True", "Ready")

        def run(script):
            return self.ok("exec", "-n", ns, "owner", "--", "sh", "-c", script).strip()
        self.assertEqual(run("id -u; id -g"), "1000\n3000")
        self.assertIn("2000", run("id -G").split())
        # The emptyDir is the group's, setgid: what the (non-root) user makes there is the group's too.
        self.assertEqual(run("stat -c '%g %A' /data"), "2000 drwxrwsrwx")
        self.assertEqual(run("echo x > /data/made && stat -c '%u %g' /data/made"), "1000 2000")
        # A configMap file with mode 0600 becomes group-readable: the user reads it through the group.
        self.assertEqual(run("stat -L -c '%u %g %A' /etc/app/mode"), "0 2000 -rw-r-----")
        self.assertEqual(run("cat /etc/app/mode"), "slow")

    def test_job_runs_to_completion(self):
        ns = self.namespace("job")
        job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "count"},
               "spec": {"completions": 3, "parallelism": 2, "template": {"spec": {
                   "restartPolicy": "Never",
                   "containers": [{"name": "c", "image": BUSYBOX, "command": ["sh", "-c", "echo counted"]}]}}}}
        self.apply(json.dumps(job), ns)
        self.ok("wait", "--for=condition=complete", "job/count", "-n", ns, "--timeout=180s", timeout=200)
        j = json.loads(self.ok("get", "job", "count", "-n", ns, "-o", "json"))
        self.assertEqual(j["status"]["succeeded"], 3)
        pods = json.loads(self.ok("get", "pods", "-n", ns, "-l", "job-name=count", "-o", "json"))["items"]
        self.assertEqual(len([p for p in pods if phase(p) == "Succeeded"]), 3)
        self.assertEqual(self.ok("logs", "-n", ns, pods[0]["metadata"]["name"]).strip(), "counted")

    def test_static_pod_runs_with_a_mirror(self):
        path = os.path.join(self.manifests, "static-web.yaml")
        with open(path, "w") as f:
            f.write(STATIC_POD)
        name = "static-web-" + self.node
        p = self.wait_pod(name, "default", lambda p: condition(p, "Ready") == "True", "the mirror pod Ready")
        self.assertIn("kubernetes.io/config.mirror", p["metadata"]["annotations"])
        self.assertEqual(p["metadata"]["ownerReferences"][0]["kind"], "Node")
        cid = container_status(p, "web")["containerID"]
        # Deleting the mirror does not stop the static pod: the kubelet makes a new mirror.
        self.ok("delete", "pod", name, "--wait=false")
        again = self.wait_pod(name, "default", lambda q: q["metadata"]["uid"] != p["metadata"]["uid"]
                              and condition(q, "Ready") == "True", "a new mirror")
        self.assertEqual(container_status(again, "web")["containerID"], cid, "the same container")
        # Removing the file stops the pod and deletes the mirror.
        os.remove(path)
        harness.wait_for(lambda: self.pod(name, "default") is None, 90, "the mirror to go")

    def test_copy_files_with_old_and_new_kubectl(self):
        ns = self.namespace("cp")
        self.apply(pod_manifest("box", {"containers": [{"name": "main", "image": BUSYBOX,
                                                        "command": ["sleep", "3600"]}]}), ns)
        self.wait_pod("box", ns, lambda p: condition(p, "Ready") == "True", "Ready")
        work = tempfile.mkdtemp(prefix="kubepp-cp-")
        self.addCleanup(shutil.rmtree, work, True)
        src = os.path.join(work, "hello.txt")
        with open(src, "w") as f:
            f.write("hello from the host\n")
        kubectls = harness.versioned_kubectls()
        self.assertIn(27, kubectls, "dpkg -L kubectl lists no bin/kubectl.1.27")
        self.assertIn(33, kubectls, "dpkg -L kubectl lists no bin/kubectl.1.33")
        for minor in (27, 33):
            kubectl = kubectls[minor]
            self.ok("cp", src, "%s/box:/tmp/hello.txt" % ns, kubectl=kubectl)
            self.assertEqual(self.ok("exec", "-n", ns, "box", "--", "cat", "/tmp/hello.txt", kubectl=kubectl),
                             "hello from the host\n")
            back = os.path.join(work, "back-1.%d.txt" % minor)
            self.ok("cp", "%s/box:/tmp/hello.txt" % ns, back, kubectl=kubectl)
            with open(back) as f:
                self.assertEqual(f.read(), "hello from the host\n")


if __name__ == "__main__":
    unittest.main()

"""Pods through containerd on `kubepp server`: lifecycle, restarts, init containers, probes."""

import json
import re
import unittest

import e2e
import harness
from e2e import condition, container_status, phase


def pod_manifest(name, spec):
    return json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec})


BUSYBOX = "kubepp.local/busybox:1.35"


class PodLifecycleTest(e2e.ClusterTestCase):

    def test_pod_runs_and_gets_an_address_from_the_node_range(self):
        ns = self.namespace("run")
        self.apply(pod_manifest("sleeper", {"containers": [
            {"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"]}]}), ns)
        p = self.wait_pod("sleeper", ns, lambda p: condition(p, "Ready") == "True", "Ready")
        self.assertEqual(phase(p), "Running")
        node = json.loads(self.ok("get", "node", self.node, "-o", "json"))
        cidr = node["spec"]["podCIDR"]
        prefix = ".".join(cidr.split(".")[:3]) + "."
        self.assertTrue(p["status"]["podIP"].startswith(prefix), (p["status"]["podIP"], cidr))
        cs = container_status(p, "main")
        self.assertTrue(cs["containerID"].startswith("containerd://"))
        self.assertEqual(cs["restartCount"], 0)
        self.assertIn("running", cs["state"])
        wide = self.ok("get", "pod", "sleeper", "-n", ns, "-o", "wide")
        self.assertIn(self.node, wide)
        # Deleting it stops the container within its grace period and removes the object.
        self.ok("delete", "pod", "sleeper", "-n", ns, "--grace-period=1")
        self.assertIsNone(self.pod("sleeper", ns))

    def test_restart_policy_never_ends_succeeded_or_failed(self):
        ns = self.namespace("never")
        self.apply(pod_manifest("ok", {"restartPolicy": "Never", "containers": [
            {"name": "main", "image": BUSYBOX, "command": ["sh", "-c", "echo done; exit 0"]}]}), ns)
        self.apply(pod_manifest("bad", {"restartPolicy": "Never", "containers": [
            {"name": "main", "image": BUSYBOX, "command": ["sh", "-c", "exit 3"]}]}), ns)
        p = self.wait_pod("ok", ns, lambda p: phase(p) == "Succeeded", "Succeeded")
        t = container_status(p, "main")["state"]["terminated"]
        self.assertEqual((t["exitCode"], t["reason"]), (0, "Completed"))
        p = self.wait_pod("bad", ns, lambda p: phase(p) == "Failed", "Failed")
        t = container_status(p, "main")["state"]["terminated"]
        self.assertEqual((t["exitCode"], t["reason"]), (3, "Error"))
        table = self.ok("get", "pods", "-n", ns)
        self.assertRegex(table, r"ok\s+0/1\s+Completed\s+0")
        self.assertRegex(table, r"bad\s+0/1\s+Error\s+0")

    def test_crashing_container_backs_off(self):
        ns = self.namespace("crash")
        self.apply(pod_manifest("crasher", {"containers": [
            {"name": "main", "image": BUSYBOX, "command": ["sh", "-c", "exit 1"]}]}), ns)
        p = self.wait_pod("crasher", ns, lambda p: container_status(p, "main").get("state", {}).get(
            "waiting", {}).get("reason") == "CrashLoopBackOff", "CrashLoopBackOff")
        cs = container_status(p, "main")
        self.assertGreaterEqual(cs["restartCount"], 1)
        self.assertEqual(cs["lastState"]["terminated"]["exitCode"], 1)
        self.assertIn("back-off", cs["state"]["waiting"]["message"])
        self.assertRegex(self.ok("get", "pods", "-n", ns), r"crasher\s+0/1\s+CrashLoopBackOff\s+[1-9]")

    def test_init_containers_run_in_order_before_the_app(self):
        ns = self.namespace("init")
        spec = {"restartPolicy": "Never",
                "volumes": [{"name": "work", "emptyDir": {}}],
                "initContainers": [
                    {"name": "first", "image": BUSYBOX, "command": ["sh", "-c", "echo first >> /work/order"],
                     "volumeMounts": [{"name": "work", "mountPath": "/work"}]},
                    {"name": "second", "image": BUSYBOX, "command": ["sh", "-c", "echo second >> /work/order"],
                     "volumeMounts": [{"name": "work", "mountPath": "/work"}]}],
                "containers": [
                    {"name": "app", "image": BUSYBOX,
                     "command": ["sh", "-c", "cat /work/order > /dev/termination-log"],
                     "volumeMounts": [{"name": "work", "mountPath": "/work"}]}]}
        self.apply(pod_manifest("ordered", spec), ns)
        p = self.wait_pod("ordered", ns, lambda p: phase(p) == "Succeeded", "Succeeded")
        self.assertEqual(container_status(p, "app")["state"]["terminated"]["message"], "first\nsecond\n")
        for name in ("first", "second"):
            self.assertEqual(container_status(p, name, init=True)["state"]["terminated"]["exitCode"], 0)
        self.assertEqual(condition(p, "Initialized"), "True")

    def test_failing_init_container_blocks_the_app(self):
        ns = self.namespace("initfail")
        spec = {"initContainers": [{"name": "setup", "image": BUSYBOX, "command": ["sh", "-c", "exit 2"]}],
                "containers": [{"name": "app", "image": BUSYBOX, "command": ["sleep", "3600"]}]}
        self.apply(pod_manifest("blocked", spec), ns)
        p = self.wait_pod("blocked", ns, lambda p: container_status(p, "setup", init=True).get(
            "restartCount", 0) >= 1, "the init container restarted")
        self.assertEqual(phase(p), "Pending")
        self.assertEqual(container_status(p, "app")["state"]["waiting"]["reason"], "PodInitializing")
        harness.wait_for(lambda: re.search(r"blocked\s+0/1\s+Init:(Error|CrashLoopBackOff)",
                                           self.ok("get", "pods", "-n", ns)), 60, "kubectl to show Init:Error")

    def test_environment_from_configmap_and_secret(self):
        ns = self.namespace("env")
        self.ok("create", "configmap", "settings", "-n", ns, "--from-literal=MODE=fast", "--from-literal=LEVEL=3")
        self.ok("create", "secret", "generic", "creds", "-n", ns, "--from-literal=PASSWORD=s3cret")
        spec = {"restartPolicy": "Never", "containers": [{
            "name": "app", "image": BUSYBOX,
            "command": ["sh", "-c", "echo $MODE $LEVEL $PASSWORD $(GREETING) $POD_NAME > /dev/termination-log"],
            "envFrom": [{"configMapRef": {"name": "settings"}}],
            "env": [{"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "PASSWORD"}}},
                    {"name": "GREETING", "value": "hello-$(MODE)"},
                    {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]}]}
        self.apply(pod_manifest("envy", spec), ns)
        p = self.wait_pod("envy", ns, lambda p: phase(p) == "Succeeded", "Succeeded")
        self.assertEqual(container_status(p, "app")["state"]["terminated"]["message"].strip(),
                         "fast 3 s3cret hello-fast envy")

    def test_missing_configmap_is_a_config_error(self):
        ns = self.namespace("cfgerr")
        spec = {"containers": [{"name": "app", "image": BUSYBOX, "command": ["sleep", "3600"],
                                "envFrom": [{"configMapRef": {"name": "absent"}}]}]}
        self.apply(pod_manifest("lost", spec), ns)
        p = self.wait_pod("lost", ns, lambda p: container_status(p, "app").get("state", {}).get(
            "waiting", {}).get("reason") == "CreateContainerConfigError", "CreateContainerConfigError")
        self.assertIn('configmap "absent" not found', container_status(p, "app")["state"]["waiting"]["message"])

    def test_missing_image_ends_in_image_pull_back_off(self):
        ns = self.namespace("noimage")
        spec = {"containers": [{"name": "app", "image": "kubepp.local/does-not-exist:1"}]}
        self.apply(pod_manifest("ghost", spec), ns)
        seen = set()

        def reasons(p):
            r = container_status(p, "app").get("state", {}).get("waiting", {}).get("reason")
            if r:
                seen.add(r)
            return {"ErrImagePull", "ImagePullBackOff"} <= seen
        self.wait_pod("ghost", ns, reasons, "ErrImagePull then ImagePullBackOff")


if __name__ == "__main__":
    unittest.main()

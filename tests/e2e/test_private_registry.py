"""Pulling from a private registry on `kubepp server`: imagePullSecrets and pull policies.

A docker-registry with basic authentication runs on loopback (registry.py); kubepp's busybox image
is pushed to it as private/busybox:1. containerd reaches loopback registries over plain HTTP
without any configuration, as a node with a local registry would be set up. A second registry on
this machine's own address is plain HTTP only because the server is told so (--insecure-registries).
"""

import base64
import json
import unittest

import e2e
import harness
import registry
from e2e import container_status, phase

USER = "alice"
PASSWORD = "pull-s3cret"


def waiting(p, name="main"):
    return container_status(p, name).get("state", {}).get("waiting", {})


def running(p, name="main"):
    return "running" in container_status(p, name).get("state", {})


class PrivateRegistryTest(e2e.ClusterTestCase):

    @classmethod
    def setUpClass(cls):
        e2e.require_root()
        cls.registry = registry.Registry(USER, PASSWORD).start()
        cls.remote = None
        try:
            cls.registry.push_docker_archive(registry.archive_path("busybox.tar"), "private/busybox", "1")
            address = registry.node_address()
            if address:
                cls.remote = registry.Registry(USER, PASSWORD, address=address).start()
                cls.remote.push_docker_archive(registry.archive_path("busybox.tar"), "remote/busybox", "1")
                cls.server_args = e2e.ClusterTestCase.server_args + ("--insecure-registries=" + cls.remote.host,)
            super().setUpClass()
        except BaseException:
            cls.stop_registries()
            raise
        cls.image = "%s/private/busybox:1" % cls.registry.host

    @classmethod
    def stop_registries(cls):
        cls.registry.stop()
        if cls.remote:
            cls.remote.stop()

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.stop_registries()

    # --- helpers ---

    def pod_json(self, name, image=None, policy="Always", pull_secrets=None, command=("sleep", "3600")):
        spec = {"terminationGracePeriodSeconds": 1, "containers": [
            {"name": "main", "image": image or self.image, "imagePullPolicy": policy, "command": list(command)}]}
        if pull_secrets:
            spec["imagePullSecrets"] = [{"name": s} for s in pull_secrets]
        return json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec})

    def registry_secret(self, ns, name="regcred", password=PASSWORD):
        self.ok("create", "secret", "docker-registry", name, "-n", ns, "--docker-server=" + self.registry.host,
                "--docker-username=" + USER, "--docker-password=" + password)

    def pod_events(self, ns, name):
        out = json.loads(self.ok("get", "events", "-n", ns, "-o", "json"))
        return [e for e in out["items"] if e["involvedObject"].get("name") == name]

    def wait_event(self, ns, name, reason, contains="", count=1):
        def check():
            found = [e for e in self.pod_events(ns, name)
                     if e["reason"] == reason and contains in e.get("message", "")]
            return found if sum(e.get("count", 1) for e in found) >= count else None
        return harness.wait_for(check, e2e.POD_TIMEOUT, "event %s (%r) x%d on %s/%s" % (reason, contains, count, ns,
                                                                                     name), interval=0.2)

    def wait_running(self, ns, name):
        return self.wait_pod(name, ns, lambda p: running(p), "Running")

    # --- tests ---

    def test_without_credentials_the_pull_is_refused_and_backs_off(self):
        ns = self.namespace("reg-nocreds")
        # Always: a private image already on the node must not run for a pod without credentials.
        self.apply(self.pod_json("nocreds"), ns)
        watch = self.server.kubectl_bg("get", "pod", "nocreds", "-n", ns, "-w")
        try:
            watch.wait_line(r"\bErrImagePull\b", timeout=e2e.POD_TIMEOUT)
            watch.wait_line(r"\bImagePullBackOff\b", timeout=e2e.POD_TIMEOUT)
        finally:
            watch.stop()
        p = self.wait_pod("nocreds", ns, lambda p: waiting(p).get("reason") == "ImagePullBackOff"
                          and "401 Unauthorized" in waiting(p).get("message", ""), "ImagePullBackOff (401)")
        message = waiting(p)["message"]
        self.assertTrue(message.startswith('Back-off pulling image "%s": ErrImagePull: ' % self.image), message)
        self.assertEqual(phase(p), "Pending")
        failed = self.wait_event(ns, "nocreds", "Failed", "Failed to pull image")
        self.assertIn("401 Unauthorized", failed[0]["message"])
        self.wait_event(ns, "nocreds", "Failed", "Error: ErrImagePull")
        self.wait_event(ns, "nocreds", "BackOff", 'Back-off pulling image "%s"' % self.image)
        table = self.ok("get", "pod", "nocreds", "-n", ns)
        self.assertRegex(table, r"nocreds\s+0/1\s+(ErrImagePull|ImagePullBackOff)\s+0")

    def test_image_pull_secret_made_by_kubectl(self):
        ns = self.namespace("reg-secret")
        self.registry_secret(ns)
        secret = json.loads(self.ok("get", "secret", "regcred", "-n", ns, "-o", "json"))
        self.assertEqual(secret["type"], "kubernetes.io/dockerconfigjson")
        self.apply(self.pod_json("withsecret", pull_secrets=["regcred"]), ns)
        p = self.wait_running(ns, "withsecret")
        self.assertEqual(phase(p), "Running")
        self.assertEqual(container_status(p, "main")["image"], self.image)
        self.assertTrue(container_status(p, "main")["imageID"])
        self.wait_event(ns, "withsecret", "Pulled", 'Successfully pulled image "%s"' % self.image)

    def test_wrong_password_fails_and_missing_secret_is_reported(self):
        ns = self.namespace("reg-wrong")
        self.registry_secret(ns, name="wrong", password="not-the-password")
        self.apply(self.pod_json("wrong", pull_secrets=["wrong", "absent"]), ns)
        self.wait_pod("wrong", ns, lambda p: waiting(p).get("reason") in ("ErrImagePull", "ImagePullBackOff")
                      and "401 Unauthorized" in waiting(p).get("message", ""), "a refused pull")
        self.wait_event(ns, "wrong", "FailedToRetrieveImagePullSecret",
                        "Unable to retrieve some image pull secrets (absent); attempting to pull the image may "
                        "not succeed.")

    def test_image_pull_secret_of_the_service_account(self):
        ns = self.namespace("reg-sa")
        self.registry_secret(ns)
        harness.wait_for(lambda: self.kubectl("get", "serviceaccount", "default", "-n", ns).returncode == 0,
                         e2e.POD_TIMEOUT, "the default ServiceAccount of %s" % ns)
        self.ok("patch", "serviceaccount", "default", "-n", ns, "-p", '{"imagePullSecrets":[{"name":"regcred"}]}')
        self.apply(self.pod_json("viasa"), ns)
        p = self.wait_running(ns, "viasa")
        # As upstream's ServiceAccount admission: the account's secrets are copied into the pod.
        self.assertEqual(p["spec"]["imagePullSecrets"], [{"name": "regcred"}])
        # A pod naming its own secrets keeps them.
        self.apply(self.pod_json("own", pull_secrets=["regcred"]), ns)
        self.assertEqual(self.pod("own", ns)["spec"]["imagePullSecrets"], [{"name": "regcred"}])

    def test_legacy_dockercfg_secret(self):
        ns = self.namespace("reg-dockercfg")
        auth = base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode()).decode()
        dockercfg = json.dumps({"http://" + self.registry.host: {"auth": auth, "email": "alice@example.com"}})
        self.apply(json.dumps({
            "apiVersion": "v1", "kind": "Secret", "metadata": {"name": "legacy"}, "type": "kubernetes.io/dockercfg",
            "data": {".dockercfg": base64.b64encode(dockercfg.encode()).decode()}}), ns)
        self.apply(self.pod_json("legacy", pull_secrets=["legacy"]), ns)
        self.wait_running(ns, "legacy")

    def test_insecure_registry_given_to_the_server(self):
        if not self.remote:
            self.skipTest("this machine has no address besides loopback")
        ns = self.namespace("reg-insecure")
        self.ok("create", "secret", "docker-registry", "remote", "-n", ns, "--docker-server=" + self.remote.host,
                "--docker-username=" + USER, "--docker-password=" + PASSWORD)
        image = "%s/remote/busybox:1" % self.remote.host
        self.apply(self.pod_json("remote", image=image, pull_secrets=["remote"]), ns)
        p = self.wait_running(ns, "remote")
        self.assertEqual(container_status(p, "main")["image"], image)

    def test_pull_policies(self):
        ns = self.namespace("reg-policy")
        self.registry_secret(ns)
        # Always pulls, each time.
        for name in ("always-1", "always-2"):
            self.apply(self.pod_json(name, pull_secrets=["regcred"]), ns)
            self.wait_running(ns, name)
            self.wait_event(ns, name, "Pulling", 'Pulling image "%s"' % self.image)
        # IfNotPresent uses the image on the node without pulling.
        self.apply(self.pod_json("ifnotpresent", policy="IfNotPresent"), ns)
        self.wait_running(ns, "ifnotpresent")
        self.wait_event(ns, "ifnotpresent", "Pulled",
                        'Container image "%s" already present on machine' % self.image)
        self.assertEqual([e for e in self.pod_events(ns, "ifnotpresent") if e["reason"] == "Pulling"], [])
        # Never runs what is there, and never pulls what is not.
        self.apply(self.pod_json("never-present", policy="Never"), ns)
        self.wait_running(ns, "never-present")
        missing = "%s/private/missing:1" % self.registry.host
        self.apply(self.pod_json("never-missing", image=missing, policy="Never", pull_secrets=["regcred"]), ns)
        p = self.wait_pod("never-missing", ns, lambda p: waiting(p).get("reason") == "ErrImageNeverPull",
                          "ErrImageNeverPull")
        self.assertEqual(waiting(p)["message"],
                         'Container image "%s" is not present with pull policy of Never' % missing)
        self.wait_event(ns, "never-missing", "ErrImageNeverPull")
        self.assertEqual([e for e in self.pod_events(ns, "never-missing") if e["reason"] == "Pulling"], [])


if __name__ == "__main__":
    unittest.main()

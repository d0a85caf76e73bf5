"""Image garbage collection on `kubepp server`.

The server runs with --image-gc-high-threshold=1 --image-gc-low-threshold=0: any used disk is over
the high threshold and the collector can never free enough to reach 0%, so every pass removes all
it may and reports FreeDiskSpaceFailed (then ImageGCFailed, as the failures repeat). It collects
every second (--image-gc-period) and leaves images alone for 10 s after it first sees them
(--minimum-image-ttl-duration), long enough for a pulled image to become a container.

Images come from a private registry (registry.py) so that a test can bring a fresh image to the
node whenever it needs one. kubepp's own imported images are never collected: no registry could
give them back.
"""

import json
import os
import subprocess
import unittest

import e2e
import harness
import registry

USER = "gc"
PASSWORD = "gc-s3cret"
MIN_TTL_SECONDS = 10


class ImageGcTest(e2e.ClusterTestCase):
    server_args = ("--remove-pods-on-exit", "--image-gc-high-threshold=1", "--image-gc-low-threshold=0",
                   "--minimum-image-ttl-duration=%ds" % MIN_TTL_SECONDS, "--image-gc-period=1s")

    @classmethod
    def setUpClass(cls):
        e2e.require_root()
        cls.registry = registry.Registry(USER, PASSWORD).start()
        try:
            # Images of their own, not kubepp's preloaded ones (which are never collected).
            cls.registry.push_docker_archive(registry.archive_path("busybox.tar"), "gc/busybox", "1",
                                             labels={"test": "kept"})
            cls.registry.push_docker_archive(registry.archive_path("busybox.tar"), "gc/once", "1",
                                             labels={"test": "once"})
            super().setUpClass()
        except BaseException:
            cls.registry.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.registry.stop()

    # --- helpers ---

    def images(self):
        """Every image name containerd has for the node (ctr on the server's own containerd)."""
        socket = os.path.join(self.server.data_dir, "containerd", "containerd.sock")
        out = subprocess.run(["ctr", "--address", socket, "--namespace", "k8s.io", "images", "ls", "-q"],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        return set(out.stdout.split())

    def node_events(self, reason):
        out = json.loads(self.ok("get", "events", "-n", "default", "-o", "json"))
        return [e for e in out["items"]
                if e["involvedObject"].get("kind") == "Node" and e["reason"] == reason]

    def pod_json(self, name, image, restart_policy="Always", command=("sleep", "3600")):
        return json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": {
            "restartPolicy": restart_policy, "terminationGracePeriodSeconds": 1,
            "imagePullSecrets": [{"name": "regcred"}],
            "containers": [{"name": "main", "image": image, "imagePullPolicy": "IfNotPresent",
                            "command": list(command)}]}})

    # --- tests ---

    def test_failing_to_free_enough_is_reported_on_the_node(self):
        failed = harness.wait_for(lambda: self.node_events("FreeDiskSpaceFailed"), e2e.POD_TIMEOUT,
                                  "a FreeDiskSpaceFailed event")
        self.assertIn("Failed to garbage collect required amount of images. Attempted to free ",
                      failed[0]["message"])
        self.assertEqual(failed[0]["type"], "Warning")
        self.assertEqual(failed[0]["source"].get("component"), "kubelet")
        # The second failure in a row is an ImageGCFailed as well.
        harness.wait_for(lambda: self.node_events("ImageGCFailed"), e2e.POD_TIMEOUT, "an ImageGCFailed event")

    def test_the_image_of_a_container_is_kept_until_no_container_uses_it(self):
        ns = self.namespace("gc-inuse")
        self.ok("create", "secret", "docker-registry", "regcred", "-n", ns,
                "--docker-server=" + self.registry.host, "--docker-username=" + USER,
                "--docker-password=" + PASSWORD)
        kept = "%s/gc/busybox:1" % self.registry.host
        once = "%s/gc/once:1" % self.registry.host
        self.apply(self.pod_json("keeper", kept), ns)
        self.wait_pod("keeper", ns, lambda p: e2e.container_status(p, "main").get("state", {}).get("running"),
                      "Running")
        # Pulled after `kept`, so first seen by the collector after it too.
        self.apply(self.pod_json("once", once, restart_policy="Never", command=("sh", "-c", "exit 0")), ns)
        self.wait_pod("once", ns, lambda p: e2e.phase(p) == "Succeeded", "Succeeded")
        self.assertIn(once, self.images(), "an exited container still uses its image")
        self.ok("delete", "pod", "once", "-n", ns, "--grace-period=1")
        # No container uses it any more: it goes once it is older than the minimum age...
        harness.wait_for(lambda: once not in self.images(), e2e.POD_TIMEOUT,
                         "the image %s to be collected" % once, interval=0.5)
        # ...which `kept`, first seen earlier, is too, yet its running container keeps it; and so
        # are the images kubepp imported at start, which no pod uses, and the sandbox image.
        images = self.images()
        for name in (kept, "kubepp.local/myblog:v1", "kubepp.local/busybox:1.35", "kubepp.local/pause:3.9"):
            self.assertIn(name, images)
        p = self.pod("keeper", ns)
        self.assertIn("running", e2e.container_status(p, "main")["state"])


if __name__ == "__main__":
    unittest.main()

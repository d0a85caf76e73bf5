"""`kubepp controller-manager` against a real kubepp server, driven by kubectl: a Deployment
rolls out, rolls forward and rolls back as upstream's does, with upstream's events and
revision bookkeeping.

No kubelet or scheduler runs here: the test plays its part through the status subresource (pods become
Running and Ready; pods being deleted are removed with grace period 0).
"""

import json
import os
import subprocess
import unittest

import harness


class ControllerManagerTest(harness.ServerTestCase):
    # The server's own controllers and scheduler stay off: the separate process under test
    # must be the only controller-manager, and unscheduled pods keep the test in charge.
    server_args = ("--disable-controller-manager", "--disable-scheduler")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cm_log_path = os.path.join(cls.server.tmp, "controller-manager.log")
        cls.cm_log = open(cls.cm_log_path, "ab")
        cls.cm = subprocess.Popen(
            [cls.server.binary, "controller-manager", "--kubeconfig", cls.server.kubeconfig,
             "--controllers=replicaset,deployment,serviceaccount", "--leader-elect=true", "-v", "2"],
            stdout=cls.cm_log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=cls.server.env())

    @classmethod
    def tearDownClass(cls):
        if cls.cm.poll() is None:
            cls.cm.terminate()
            try:
                cls.cm.wait(harness.STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                cls.cm.kill()
                cls.cm.wait()
        cls.cm_log.close()
        super().tearDownClass()

    def get(self, ns, *what):
        return json.loads(self.ok("-n", ns, "get", *what, "-o", "json"))

    def play_kubelet(self, ns):
        """Pending pods start and become ready; terminating pods finish."""
        for p in self.get(ns, "pods")["items"]:
            name = p["metadata"]["name"]
            if p["metadata"].get("deletionTimestamp"):
                self.kubectl("-n", ns, "delete", "pod", name, "--grace-period=0", "--force")
                continue
            if p.get("status", {}).get("phase") == "Running":
                continue
            status = {"phase": "Running",
                      "conditions": [{"type": "Ready", "status": "True",
                                      "lastTransitionTime": p["metadata"]["creationTimestamp"]}]}
            self.kubectl("-n", ns, "patch", "pod", name, "--subresource=status", "--type=merge",
                         "-p", json.dumps({"status": status}))

    def wait_rolled_out(self, ns, name, image, replicas):
        def done():
            self.play_kubelet(ns)
            d = self.get(ns, "deployment", name)
            st = d.get("status", {})
            images = [c["image"] for c in d["spec"]["template"]["spec"]["containers"]]
            return (images == [image] and st.get("observedGeneration") == d["metadata"]["generation"]
                    and st.get("updatedReplicas") == replicas and st.get("availableReplicas") == replicas
                    and st.get("replicas") == replicas)
        harness.wait_for(done, 120, "deployment %s/%s rolled out with %s" % (ns, name, image))

    def replica_sets(self, ns):
        out = {}
        for rs in self.get(ns, "replicasets")["items"]:
            image = rs["spec"]["template"]["spec"]["containers"][0]["image"]
            out[image] = rs
        return out

    def scaling_events(self, ns):
        events = self.get(ns, "events")["items"]
        return [e["message"] for e in events if e.get("reason") == "ScalingReplicaSet"]

    def test_rollout_update_and_undo(self):
        ns = "jds"
        self.ok("create", "namespace", ns)
        self.ok("-n", ns, "create", "deployment", "myblog", "--image=myblog:v1", "--replicas=2")
        self.wait_rolled_out(ns, "myblog", "myblog:v1", 2)
        v1 = self.replica_sets(ns)["myblog:v1"]
        v1_name = v1["metadata"]["name"]
        hash_label = v1["metadata"]["labels"]["pod-template-hash"]
        self.assertEqual(v1_name, "myblog-" + hash_label)
        self.assertEqual(v1["metadata"]["annotations"]["deployment.kubernetes.io/revision"], "1")
        self.assertEqual(v1["metadata"]["ownerReferences"][0]["kind"], "Deployment")
        harness.wait_for(lambda: "Scaled up replica set %s to 2" % v1_name in self.scaling_events(ns),
                         30, "the first ScalingReplicaSet event")

        self.ok("-n", ns, "set", "image", "deployment/myblog", "myblog=myblog:v2")
        self.wait_rolled_out(ns, "myblog", "myblog:v2", 2)
        rss = self.replica_sets(ns)
        v2_name = rss["myblog:v2"]["metadata"]["name"]
        self.assertEqual(rss["myblog:v1"]["spec"]["replicas"], 0)
        self.assertEqual(rss["myblog:v2"]["metadata"]["annotations"]["deployment.kubernetes.io/revision"], "2")
        harness.wait_for(lambda: "Scaled down replica set %s to 0 from 1" % v1_name in self.scaling_events(ns),
                         30, "the last scale-down event of the rollout")
        self.assertIn("Scaled up replica set %s to 1" % v2_name, self.scaling_events(ns))
        self.assertIn("successfully rolled out", self.ok("-n", ns, "rollout", "status", "deployment/myblog",
                                                         "--timeout=30s"))

        self.ok("-n", ns, "rollout", "undo", "deployment/myblog")
        self.wait_rolled_out(ns, "myblog", "myblog:v1", 2)
        rss = self.replica_sets(ns)
        self.assertEqual(len(rss), 2)
        ann = rss["myblog:v1"]["metadata"]["annotations"]
        self.assertEqual(ann["deployment.kubernetes.io/revision"], "3")
        self.assertEqual(ann["deployment.kubernetes.io/revision-history"], "1")
        harness.wait_for(
            lambda: self.get(ns, "deployment", "myblog")["metadata"]["annotations"].get(
                "deployment.kubernetes.io/revision") == "3", 30, "the Deployment's revision annotation")
        history = self.ok("-n", ns, "rollout", "history", "deployment/myblog")
        self.assertLines(["2 <none>", "3 <none>"], history)

        pods = self.get(ns, "pods")["items"]
        rs_events = [e["message"] for e in self.get(ns, "events")["items"] if e.get("reason") == "SuccessfulCreate"]
        for p in pods:
            self.assertIn("Created pod: " + p["metadata"]["name"], rs_events)

    def test_holds_the_leader_lease(self):
        def holder():
            lease = self.get("kube-system", "lease", "kube-controller-manager")
            return lease["spec"].get("holderIdentity")
        self.assertTrue(harness.wait_for(holder, 30, "the controller-manager lease"))


if __name__ == "__main__":
    unittest.main()

"""Admission (LimitRanger, ResourceQuota) and the pods/eviction subresource against a real
kubepp server, driven by kubectl. Messages are upstream v1.32's.

No controller-manager runs here, so the tests write quota and budget status themselves
(as the resourcequota and disruption controllers would) through the status subresource.
"""

import json
import unittest

import harness


def pod(name, resources=None, labels=None, ready=False):
    container = {"name": "c", "image": "busybox"}
    if resources is not None:
        container["resources"] = resources
    obj = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": labels or {}},
           "spec": {"containers": [container]}}
    return obj


class PolicyAdmissionTest(harness.ServerTestCase):
    # Admission alone: the tests play the quota and disruption controllers by writing status,
    # so the server's controller-manager runs only the serviceaccount controller (pods need their
    # namespace's default ServiceAccount).
    server_args = ("--controllers=serviceaccount",)

    def apply(self, ns, obj):
        return self.ok("-n", ns, "create", "-f", "-", input=json.dumps(obj))

    def get(self, ns, kind, name):
        return json.loads(self.ok("-n", ns, "get", kind, name, "-o", "json"))

    def set_status(self, ns, kind, name, status):
        self.ok("-n", ns, "patch", kind, name, "--subresource=status", "--type=merge",
                "-p", json.dumps({"status": status}))

    def test_limit_ranger_defaults_and_rejects(self):
        self.ok("create", "namespace", "lr")
        self.apply("lr", {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "lim"},
                          "spec": {"limits": [{"type": "Container",
                                               "default": {"cpu": "500m", "memory": "256Mi"},
                                               "defaultRequest": {"cpu": "100m", "memory": "128Mi"},
                                               "max": {"cpu": "1"}}]}})
        self.apply("lr", pod("plain"))
        got = self.get("lr", "pod", "plain")
        self.assertEqual(got["metadata"]["annotations"]["kubernetes.io/limit-ranger"],
                         "LimitRanger plugin set: cpu, memory request for container c; "
                         "cpu, memory limit for container c")
        res = got["spec"]["containers"][0]["resources"]
        self.assertEqual(res, {"requests": {"cpu": "100m", "memory": "128Mi"},
                               "limits": {"cpu": "500m", "memory": "256Mi"}})
        err = self.fails("-n", "lr", "create", "-f", "-",
                         input=json.dumps(pod("big", {"limits": {"cpu": "2"}})))
        self.assertIn('pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2', err)

    def test_quota_admission(self):
        self.ok("create", "namespace", "rq")
        self.apply("rq", {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q"},
                          "spec": {"hard": {"configmaps": "2"}}})
        err = self.fails("-n", "rq", "create", "configmap", "a")
        self.assertIn('configmaps "a" is forbidden: status unknown for quota: q, resources: configmaps', err)
        self.set_status("rq", "resourcequota", "q", {"hard": {"configmaps": "2"}, "used": {"configmaps": "1"}})
        self.ok("-n", "rq", "create", "configmap", "a")
        self.assertEqual(self.get("rq", "resourcequota", "q")["status"]["used"], {"configmaps": "2"})
        err = self.fails("-n", "rq", "create", "configmap", "b")
        self.assertIn('configmaps "b" is forbidden: exceeded quota: q, requested: configmaps=1, '
                      'used: configmaps=2, limited: configmaps=2', err)

    def test_eviction_honours_budget(self):
        self.ok("create", "namespace", "ev")
        self.apply("ev", {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "b"},
                          "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "x"}}}})
        for name in ("p1", "p2"):
            self.apply("ev", pod(name, labels={"app": "x"}))
            self.set_status("ev", "pod", name, {"phase": "Running",
                                                "conditions": [{"type": "Ready", "status": "True"}]})
        gen = self.get("ev", "pdb", "b")["metadata"]["generation"]
        self.set_status("ev", "pdb", "b", {"observedGeneration": gen, "disruptionsAllowed": 1,
                                           "currentHealthy": 2, "desiredHealthy": 1, "expectedPods": 2})

        def evict(name):
            body = {"apiVersion": "policy/v1", "kind": "Eviction",
                    "metadata": {"name": name, "namespace": "ev"}}
            return self.kubectl("create", "--raw", "/api/v1/namespaces/ev/pods/%s/eviction" % name,
                                "-f", "-", input=json.dumps(body))

        first = evict("p1")
        self.assertEqual(first.returncode, 0, first.stderr)
        status = self.get("ev", "pdb", "b")["status"]
        self.assertEqual(status["disruptionsAllowed"], 0)
        self.assertIn("p1", status["disruptedPods"])
        second = evict("p2")
        self.assertNotEqual(second.returncode, 0)
        self.assertIn("Cannot evict pod as it would violate the pod's disruption budget.", second.stderr)
        self.ok("-n", "ev", "get", "pod", "p2")

        # An evicted pod says why before it goes; the finalizer keeps it to be read.
        held = pod("held", labels={"app": "y"})
        held["metadata"]["finalizers"] = ["kubepp.test/hold"]
        self.apply("ev", held)
        rv = self.get("ev", "pod", "held")["metadata"]["resourceVersion"]
        body = {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "held", "namespace": "ev"},
                "deleteOptions": {"preconditions": {"resourceVersion": rv}}}
        r = self.kubectl("create", "--raw", "/api/v1/namespaces/ev/pods/held/eviction", "-f", "-",
                         input=json.dumps(body))
        self.assertEqual(r.returncode, 0, r.stderr)
        evicted = self.get("ev", "pod", "held")
        self.assertIn("deletionTimestamp", evicted["metadata"])
        condition = [c for c in evicted["status"]["conditions"] if c["type"] == "DisruptionTarget"]
        self.assertEqual([(c["status"], c["reason"], c["message"]) for c in condition],
                         [("True", "EvictionByEvictionAPI", "Eviction API: evicting")])
        self.ok("-n", "ev", "patch", "pod", "held", "--type=json", "-p", '[{"op":"remove","path":"/metadata/finalizers"}]')

        # A pod on a node terminates gracefully; evicting it again leaves it terminating.
        graceful = pod("graceful", labels={"app": "z"})
        graceful["spec"]["nodeName"] = "nowhere"
        self.apply("ev", graceful)
        self.set_status("ev", "pod", "graceful", {"phase": "Running"})
        for attempt in range(2):
            body = {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "graceful", "namespace": "ev"}}
            r = self.kubectl("create", "--raw", "/api/v1/namespaces/ev/pods/graceful/eviction", "-f", "-",
                             input=json.dumps(body))
            self.assertEqual(r.returncode, 0, "eviction %d: %s" % (attempt, r.stderr))
            self.assertIn("deletionTimestamp", self.get("ev", "pod", "graceful")["metadata"])


if __name__ == "__main__":
    unittest.main()

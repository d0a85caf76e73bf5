"""The workload controllers (job, cronjob, ttl-after-finished, daemonset, statefulset) of
`kubepp controller-manager` against a real kubepp server, driven by kubectl.

No kubelet or scheduler runs here: the test plays the kubelet's part through the status
subresource (Job pods succeed, other pods become Running and Ready).
"""

import json
import os
import subprocess
import time
import unittest

import harness


class WorkloadsTest(harness.ServerTestCase):
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
             "--controllers=job,cronjob,ttl-after-finished,daemonset,statefulset,serviceaccount", "-v", "2"],
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

    def apply(self, ns, obj):
        self.ok("-n", ns, "create", "-f", "-", input=json.dumps(obj))

    def set_pod_status(self, ns, name, status):
        self.kubectl("-n", ns, "patch", "pod", name, "--subresource=status", "--type=merge",
                     "-p", json.dumps({"status": status}))

    def play_kubelet(self, ns, finish_with=None):
        """Pods start and become ready (or end in `finish_with`); terminating pods finish."""
        for p in self.get(ns, "pods")["items"]:
            name = p["metadata"]["name"]
            phase = p.get("status", {}).get("phase")
            if p["metadata"].get("deletionTimestamp"):
                self.kubectl("-n", ns, "delete", "pod", name, "--grace-period=0", "--force")
            elif finish_with and phase not in ("Succeeded", "Failed"):
                self.set_pod_status(ns, name, {"phase": finish_with})
            elif not finish_with and phase != "Running":
                self.set_pod_status(ns, name, {"phase": "Running", "conditions": [
                    {"type": "Ready", "status": "True",
                     "lastTransitionTime": p["metadata"]["creationTimestamp"]}]})

    def events(self, ns, reason):
        return [e["message"] for e in self.get(ns, "events")["items"] if e.get("reason") == reason]

    def test_job_runs_to_completion_and_ttl_removes_it(self):
        ns = "wjob"
        self.ok("create", "namespace", ns)
        self.apply(ns, {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
                        "spec": {"completions": 2, "parallelism": 2, "ttlSecondsAfterFinished": 3,
                                 "template": {"spec": {"restartPolicy": "Never",
                                                       "containers": [{"name": "c", "image": "busybox"}]}}}})
        pods = harness.wait_for(lambda: len(self.get(ns, "pods")["items"]) == 2 and self.get(ns, "pods")["items"],
                                60, "two pods of job pi")
        for p in pods:
            self.assertIn("batch.kubernetes.io/job-tracking", p["metadata"].get("finalizers", []))
            self.assertEqual(p["metadata"]["ownerReferences"][0]["kind"], "Job")

        def complete():
            self.play_kubelet(ns, finish_with="Succeeded")
            job = self.get(ns, "job", "pi")
            conds = {c["type"]: c["status"] for c in job.get("status", {}).get("conditions", [])}
            return conds.get("Complete") == "True" and job
        job = harness.wait_for(complete, 60, "job pi to complete")
        self.assertEqual(job["status"]["succeeded"], 2)
        self.assertIn("completionTime", job["status"])
        conds = {c["type"]: c["status"] for c in job["status"]["conditions"]}
        self.assertEqual(conds.get("SuccessCriteriaMet"), "True")
        harness.wait_for(lambda: all(not p["metadata"].get("finalizers") for p in self.get(ns, "pods")["items"]),
                         30, "the tracking finalizers to go")
        self.assertIn("Job completed", self.events(ns, "Completed"))
        created = self.events(ns, "SuccessfulCreate")
        for p in pods:
            self.assertIn("Created pod: " + p["metadata"]["name"], created)
        # ttlSecondsAfterFinished: the Job goes a few seconds after it finished.
        harness.wait_for(lambda: self.kubectl("-n", ns, "get", "job", "pi").returncode != 0, 60,
                         "the finished job to be deleted")

    def test_job_backoff_limit(self):
        ns = "wfail"
        self.ok("create", "namespace", ns)
        self.apply(ns, {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "bad"},
                        "spec": {"backoffLimit": 0,
                                 "template": {"spec": {"restartPolicy": "Never",
                                                       "containers": [{"name": "c", "image": "busybox"}]}}}})

        def failed():
            self.play_kubelet(ns, finish_with="Failed")
            conds = {c["type"]: c for c in self.get(ns, "job", "bad").get("status", {}).get("conditions", [])}
            return "Failed" in conds and conds["Failed"]
        cond = harness.wait_for(failed, 60, "job bad to fail")
        self.assertEqual(cond["reason"], "BackoffLimitExceeded")
        self.assertIn("Job has reached the specified backoff limit", self.events(ns, "BackoffLimitExceeded"))

    def test_indexed_job_backoff_limit_per_index(self):
        ns = "wperindex"
        self.ok("create", "namespace", ns)
        template = {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}}
        # Only Indexed Jobs may count failures per index: the server says so as upstream does.
        bad = self.kubectl("-n", ns, "create", "-f", "-", input=json.dumps(
            {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "nonindexed"},
             "spec": {"backoffLimitPerIndex": 1, "template": template}}))
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode", bad.stderr)

        self.apply(ns, {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "idx"},
                        "spec": {"completions": 2, "parallelism": 2, "completionMode": "Indexed",
                                 "backoffLimitPerIndex": 0, "template": template}})

        def finished():
            # Index 0 fails, index 1 succeeds.
            for p in self.get(ns, "pods")["items"]:
                phase = p.get("status", {}).get("phase")
                if phase in ("Succeeded", "Failed"):
                    continue
                index = p["metadata"]["labels"]["batch.kubernetes.io/job-completion-index"]
                self.assertEqual(p["metadata"]["annotations"]["batch.kubernetes.io/job-index-failure-count"], "0")
                self.set_pod_status(ns, p["metadata"]["name"], {"phase": "Failed" if index == "0" else "Succeeded"})
            job = self.get(ns, "job", "idx")
            conds = {c["type"]: c for c in job.get("status", {}).get("conditions", [])}
            return "Failed" in conds and job
        job = harness.wait_for(finished, 60, "job idx to fail for its failed index")
        failed = {c["type"]: c for c in job["status"]["conditions"]}["Failed"]
        self.assertEqual(failed["reason"], "FailedIndexes")
        self.assertEqual(failed["message"], "Job has failed indexes")
        self.assertEqual(job["status"]["failedIndexes"], "0")
        self.assertEqual(job["status"]["completedIndexes"], "1")
        # No second pod ever ran for the failed index.
        self.assertEqual(len(self.get(ns, "pods")["items"]), 2)

    def test_statefulset_ordered_with_claims_and_rollout(self):
        ns = "wsts"
        self.ok("create", "namespace", ns)
        self.apply(ns, {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"},
                        "spec": {"replicas": 2, "serviceName": "nginx",
                                 "selector": {"matchLabels": {"app": "nginx"}},
                                 "template": {"metadata": {"labels": {"app": "nginx"}},
                                              "spec": {"containers": [{"name": "c", "image": "nginx:1"}]}},
                                 "volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {
                                     "accessModes": ["ReadWriteOnce"],
                                     "resources": {"requests": {"storage": "1Gi"}}}}]}})
        first = harness.wait_for(lambda: self.get(ns, "pods")["items"], 60, "web-0")
        self.assertEqual([p["metadata"]["name"] for p in first], ["web-0"])

        def ready():
            self.play_kubelet(ns)
            st = self.get(ns, "statefulset", "web").get("status", {})
            return st.get("readyReplicas") == 2 and st.get("currentRevision") == st.get("updateRevision")
        harness.wait_for(ready, 60, "statefulset web ready")
        pod = self.get(ns, "pod", "web-1")
        self.assertEqual(pod["spec"]["hostname"], "web-1")
        self.assertEqual(pod["spec"]["subdomain"], "nginx")
        self.assertEqual(pod["metadata"]["labels"]["apps.kubernetes.io/pod-index"], "1")
        claims = sorted(c["metadata"]["name"] for c in self.get(ns, "pvc")["items"])
        self.assertEqual(claims, ["www-web-0", "www-web-1"])
        # The apiserver defaults rollingUpdate.partition to 0, so kubectl reports a partitioned rollout.
        self.assertIn("partitioned roll out complete: 2 new pods have been updated",
                      self.ok("-n", ns, "rollout", "status", "statefulset/web", "--timeout=30s"))

        self.ok("-n", ns, "set", "image", "statefulset/web", "c=nginx:2")

        def updated():
            self.play_kubelet(ns)
            sts = self.get(ns, "statefulset", "web")
            st = sts.get("status", {})
            images = [p["spec"]["containers"][0]["image"] for p in self.get(ns, "pods")["items"]]
            return (st.get("observedGeneration") == sts["metadata"]["generation"] and images == ["nginx:2"] * 2
                    and st.get("readyReplicas") == 2 and st.get("currentRevision") == st.get("updateRevision"))
        harness.wait_for(updated, 90, "statefulset web updated")
        history = self.ok("-n", ns, "rollout", "history", "statefulset/web")
        self.assertLines(["1 <none>", "2 <none>"], history)

    def test_daemonset_one_pod_per_node(self):
        ns = "wds"
        self.ok("create", "namespace", ns)
        for name, labels in (("n1", {"disk": "ssd"}), ("n2", {"disk": "ssd"}), ("n3", {"disk": "hdd"})):
            self.ok("create", "-f", "-", input=json.dumps(
                {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": labels}}))
        self.apply(ns, {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
                        "spec": {"selector": {"matchLabels": {"app": "agent"}},
                                 "template": {"metadata": {"labels": {"app": "agent"}},
                                              "spec": {"nodeSelector": {"disk": "ssd"},
                                                       "containers": [{"name": "c", "image": "agent:1"}]}}}})

        def ready():
            self.play_kubelet(ns)
            st = self.get(ns, "daemonset", "agent").get("status", {})
            return st.get("desiredNumberScheduled") == 2 and st.get("numberReady") == 2 and st
        st = harness.wait_for(ready, 60, "daemonset agent ready")
        self.assertEqual(st["numberMisscheduled"], 0)
        nodes = sorted(p["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
                       ["nodeSelectorTerms"][0]["matchFields"][0]["values"][0]
                       for p in self.get(ns, "pods")["items"])
        self.assertEqual(nodes, ["n1", "n2"])
        self.assertIn("successfully rolled out",
                      self.ok("-n", ns, "rollout", "status", "daemonset/agent", "--timeout=30s"))
        revisions = self.get(ns, "controllerrevisions")["items"]
        self.assertEqual(len(revisions), 1)
        self.assertTrue(revisions[0]["metadata"]["name"].startswith("agent-"))

    def test_cronjob_starts_a_job_at_the_next_minute(self):
        ns = "wcron"
        self.ok("create", "namespace", ns)
        self.ok("-n", ns, "create", "cronjob", "hello", "--image=busybox", "--schedule=* * * * *")
        jobs = harness.wait_for(lambda: self.get(ns, "jobs")["items"], 90, "a job of cronjob hello")
        name = jobs[0]["metadata"]["name"]
        minutes = int(name[len("hello-"):])
        self.assertLessEqual(abs(minutes * 60 - time.time()), 120)
        self.assertEqual(jobs[0]["metadata"]["ownerReferences"][0]["kind"], "CronJob")
        cj = harness.wait_for(lambda: self.get(ns, "cronjob", "hello").get("status", {}).get("active") and
                              self.get(ns, "cronjob", "hello"), 30, "status.active")
        self.assertEqual(cj["status"]["active"][0]["name"], name)
        self.assertIn("Created job " + name, self.events(ns, "SuccessfulCreate"))


if __name__ == "__main__":
    unittest.main()

"""The scheduler against hollow nodes, driven by the real kubectl.

Each test class runs its own `kubepp server` (store, apiserver, controllers, scheduler) and
its own hollow nodes, because FailedScheduling messages count every node of the cluster:
taints and tolerations, required pod anti-affinity (also against pods of namespaces chosen by
namespaceSelector), topology spreading over zones, preemption by a higher PriorityClass, a
DaemonSet following a node added later, and a KubeSchedulerConfiguration with two profiles
(--scheduler-config) whose second profile decides differently from the default one.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import harness
from hollow import HollowNodes, events, get_json, live, running

TIMEOUT = 60  # seconds for any one scheduling outcome; they usually take well under 5


class HollowClusterTestCase(harness.ServerTestCase):
    """A server with `node_count` hollow nodes named <node_prefix>0... (all Ready)."""

    node_count = 3
    node_prefix = "node-"
    node_args = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.extra_nodes = []
        try:
            cls.nodes = HollowNodes(cls.server, cls.node_count, cls.node_prefix, *cls.node_args)
            cls.nodes.wait_ready()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        for n in [getattr(cls, "nodes", None)] + getattr(cls, "extra_nodes", []):
            if n is not None:
                n.stop()
        super().tearDownClass()

    def namespace(self, name):
        self.ok("create", "namespace", name)
        return name

    def apply(self, ns, obj):
        self.ok("-n", ns, "apply", "-f", "-", input=json.dumps(obj))

    def pods(self, ns, selector=None):
        what = ["pods"] + (["-l", selector] if selector else [])
        return get_json(self.server, *what, namespace=ns)["items"]

    def pod(self, ns, name):
        return get_json(self.server, "pod", name, namespace=ns)

    def wait(self, predicate, what, timeout=TIMEOUT):
        return harness.wait_for(predicate, timeout, what)

    def failed_scheduling(self, ns, name):
        """Waits for a FailedScheduling event of pod `name`; returns its messages."""
        return self.wait(lambda: events(self.server, ns, "FailedScheduling", name),
                         "a FailedScheduling event for %s/%s" % (ns, name))


def pod_manifest(name, labels=None, cpu=None, **spec):
    container = {"name": "c", "image": "busybox"}
    if cpu:
        container["resources"] = {"requests": {"cpu": cpu}}
    spec = dict(spec, containers=[container])
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "labels": labels or {"app": name}}, "spec": spec}


def deployment_manifest(name, replicas, **pod_spec):
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": dict(pod_spec, containers=pod_spec.get("containers") or
                                               [{"name": "c", "image": "busybox"}])}}}


class TaintTolerationTest(HollowClusterTestCase):
    node_prefix = "taint-"

    def test_untolerated_taint_keeps_pod_pending_and_toleration_schedules(self):
        ns = self.namespace("taints")
        names = self.nodes.names
        self.ok("taint", "node", *names, "dedicated=v:NoSchedule")
        try:
            self.apply(ns, pod_manifest("plain"))
            messages = self.failed_scheduling(ns, "plain")
            self.assertIn("0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: v}. "
                          "preemption: 0/3 nodes are available: 3 Preemption is not helpful for "
                          "scheduling.", messages)
            pod = self.pod(ns, "plain")
            self.assertEqual(pod["status"]["phase"], "Pending")
            self.assertFalse(pod["spec"].get("nodeName"))
            scheduled = [c for c in pod["status"].get("conditions", []) if c["type"] == "PodScheduled"]
            self.assertEqual([(c["status"], c["reason"]) for c in scheduled], [("False", "Unschedulable")])

            self.apply(ns, pod_manifest("tolerant", tolerations=[
                {"key": "dedicated", "operator": "Equal", "value": "v", "effect": "NoSchedule"}]))
            self.wait(lambda: running(self.pods(ns, "app=tolerant")), "pod tolerant running")
            self.assertIn(self.pod(ns, "tolerant")["spec"]["nodeName"], names)
            self.assertFalse(self.pod(ns, "plain")["spec"].get("nodeName"))
        finally:
            self.ok("taint", "node", *names, "dedicated=v:NoSchedule-")
        # Without the taints the waiting pod is scheduled, with no new pod created.
        self.wait(lambda: running(self.pods(ns, "app=plain")), "pod plain running once untainted")


class VolumeBindingTest(HollowClusterTestCase):
    node_prefix = "vol-"

    def test_pod_waits_for_its_claim_then_goes_where_the_volume_is(self):
        ns = self.namespace("volumes")
        self.apply(ns, {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"},
                        "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "local",
                                 "resources": {"requests": {"storage": "1Gi"}}}})
        self.apply(ns, pod_manifest("db", volumes=[{"name": "data", "persistentVolumeClaim": {"claimName": "data"}}]))
        messages = self.failed_scheduling(ns, "db")
        self.assertIn("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: "
                      "0/3 nodes are available: 3 Preemption is not helpful for scheduling.", messages)
        self.assertFalse(self.pod(ns, "db")["spec"].get("nodeName"))

        # A local volume on the last node: the binder binds the claim to it, and the waiting pod
        # follows the volume there.
        target = self.nodes.names[-1]
        self.ok("apply", "-f", "-", input=json.dumps({
            "apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "local-" + target},
            "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                     "storageClassName": "local", "local": {"path": "/mnt/disk"},
                     "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                         {"key": "kubernetes.io/hostname", "operator": "In", "values": [target]}]}]}}}}))
        self.addCleanup(self.kubectl, "delete", "pv", "local-" + target, "--wait=false")
        self.wait(lambda: running(self.pods(ns, "app=db")), "pod db running once its claim is bound")
        self.assertEqual(self.pod(ns, "db")["spec"]["nodeName"], target)


class PodAntiAffinityTest(HollowClusterTestCase):
    node_prefix = "anti-"

    def test_required_anti_affinity_spreads_one_pod_per_node(self):
        ns = self.namespace("anti")
        affinity = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
            {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}]}}
        self.apply(ns, deployment_manifest("web", 3, affinity=affinity))
        pods = self.wait(lambda: len(running(self.pods(ns, "app=web"))) == 3 and running(self.pods(ns, "app=web")),
                         "3 running web pods")
        self.assertEqual(sorted(p["spec"]["nodeName"] for p in pods), sorted(self.nodes.names))

        self.ok("-n", ns, "scale", "deployment", "web", "--replicas=4")
        pending = self.wait(lambda: [p for p in live(self.pods(ns, "app=web")) if not p["spec"].get("nodeName")],
                            "a fourth web pod")
        self.assertEqual(len(pending), 1)
        name = pending[0]["metadata"]["name"]
        messages = self.failed_scheduling(ns, name)
        self.assertTrue(any(m.startswith("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.")
                            for m in messages), messages)
        self.assertFalse(self.pod(ns, name)["spec"].get("nodeName"))
        self.assertEqual(len(running(self.pods(ns, "app=web"))), 3)


class NamespaceSelectorAffinityTest(HollowClusterTestCase):
    node_prefix = "nssel-"

    def test_anti_affinity_against_pods_of_namespaces_selected_by_label(self):
        web_ns = self.namespace("nssel-web")
        client_ns = self.namespace("nssel-client")
        self.ok("label", "namespace", web_ns, "team=a")
        # Two web pods on two nodes (they keep away from each other).
        self_anti = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
            {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}]}}
        self.apply(web_ns, deployment_manifest("web", 2, affinity=self_anti))
        web = self.wait(lambda: len(running(self.pods(web_ns, "app=web"))) == 2 and running(self.pods(web_ns, "app=web")),
                        "2 running web pods")
        web_nodes = {p["spec"]["nodeName"] for p in web}
        [free] = [n for n in self.nodes.names if n not in web_nodes]

        # A pod of another namespace that keeps away from web pods of team=a namespaces.
        team_a_anti = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
            {"labelSelector": {"matchLabels": {"app": "web"}}, "namespaceSelector": {"matchLabels": {"team": "a"}},
             "topologyKey": "kubernetes.io/hostname"}]}}
        self.apply(client_ns, pod_manifest("probe", affinity=team_a_anti))
        probe = self.wait(lambda: running(self.pods(client_ns, "app=probe")), "pod probe running")[0]
        self.assertEqual(probe["spec"]["nodeName"], free)
        # A term selecting team=z namespaces does not see the web pods: it may join them.
        team_z_anti = json.loads(json.dumps(team_a_anti).replace('"a"', '"z"'))
        self.apply(client_ns, pod_manifest("unscoped", affinity=team_z_anti, nodeSelector={
            "kubernetes.io/hostname": sorted(web_nodes)[0]}))
        self.wait(lambda: running(self.pods(client_ns, "app=unscoped")), "pod unscoped running on a web node")

        # A third web pod fits nowhere: its own term keeps it off the web nodes, and probe's
        # term, matched against the web namespace's labels, keeps it off the free one.
        self.ok("-n", web_ns, "scale", "deployment", "web", "--replicas=3")
        pending = self.wait(lambda: [p for p in live(self.pods(web_ns, "app=web")) if not p["spec"].get("nodeName")],
                            "a third web pod")
        name = pending[0]["metadata"]["name"]
        messages = self.failed_scheduling(web_ns, name)
        self.assertTrue(any(m.startswith("0/3 nodes are available: 1 node(s) didn't satisfy existing pods "
                                         "anti-affinity rules, 2 node(s) didn't match pod anti-affinity rules.")
                            for m in messages), messages)
        # The web namespace leaves team a: probe's term no longer sees web pods, and the
        # namespace change sends the pending pod back to be scheduled onto the free node.
        self.ok("label", "namespace", web_ns, "team=b", "--overwrite")
        pods = self.wait(lambda: len(running(self.pods(web_ns, "app=web"))) == 3 and running(self.pods(web_ns, "app=web")),
                         "3 running web pods after the relabel")
        self.assertEqual(sorted(p["spec"]["nodeName"] for p in pods), sorted(self.nodes.names))

    def test_match_label_keys_are_merged_into_the_label_selector(self):
        ns = self.namespace("nssel-keys")
        term = {"labelSelector": {"matchLabels": {"app": "keys"}}, "topologyKey": "kubernetes.io/hostname",
                "matchLabelKeys": ["rev"], "mismatchLabelKeys": ["tier"]}
        self.apply(ns, pod_manifest("keys", labels={"app": "keys", "rev": "r1", "tier": "front"}, affinity={
            "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": 10, "podAffinityTerm": term}]}}))
        stored = self.pod(ns, "keys")["spec"]["affinity"]["podAntiAffinity"][
            "preferredDuringSchedulingIgnoredDuringExecution"][0]["podAffinityTerm"]
        self.assertEqual(stored["labelSelector"], {
            "matchLabels": {"app": "keys"},
            "matchExpressions": [{"key": "rev", "operator": "In", "values": ["r1"]},
                                 {"key": "tier", "operator": "NotIn", "values": ["front"]}]})
        self.assertEqual(stored["matchLabelKeys"], ["rev"])
        self.wait(lambda: running(self.pods(ns, "app=keys")), "pod keys running")
        # A key both matched and mismatched is rejected, as upstream validates it.
        bad = dict(term, mismatchLabelKeys=["rev"])
        err = self.fails("-n", ns, "apply", "-f", "-", input=json.dumps(pod_manifest("bad", affinity={
            "podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [bad]}})))
        self.assertIn("exists in both matchLabelKeys and mismatchLabelKeys", err)


class TopologySpreadTest(HollowClusterTestCase):
    node_count = 4
    node_prefix = "zoned-"
    node_args = ("--zones", "2")

    def test_max_skew_one_over_two_zones(self):
        ns = self.namespace("spread")
        zones = {n["metadata"]["name"]: n["metadata"]["labels"]["topology.kubernetes.io/zone"]
                 for n in get_json(self.server, "nodes")["items"]}
        self.assertEqual(sorted(set(zones.values())), ["zone-0", "zone-1"])
        constraint = {"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                      "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"app": "web"}}}
        self.apply(ns, deployment_manifest("web", 4, topologySpreadConstraints=[constraint]))
        pods = self.wait(lambda: len(running(self.pods(ns, "app=web"))) == 4 and running(self.pods(ns, "app=web")),
                         "4 running web pods")
        per_zone = {}
        for p in pods:
            zone = zones[p["spec"]["nodeName"]]
            per_zone[zone] = per_zone.get(zone, 0) + 1
        self.assertEqual(per_zone, {"zone-0": 2, "zone-1": 2})


class PreemptionTest(HollowClusterTestCase):
    node_count = 2
    node_prefix = "busy-"
    node_args = ("--cpu", "2")

    def test_high_priority_pod_preempts_a_low_priority_one(self):
        ns = self.namespace("preempt")
        for name, value in (("low", 100), ("high", 1000000)):
            self.ok("apply", "-f", "-", input=json.dumps(
                {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                 "metadata": {"name": name}, "value": value}))
        # One 1.5-cpu filler fits on each 2-cpu node, and nothing else of 1 cpu fits beside it.
        filler = deployment_manifest("filler", 2, priorityClassName="low",
                                     containers=[{"name": "c", "image": "busybox",
                                                  "resources": {"requests": {"cpu": "1500m"}}}])
        self.apply(ns, filler)
        before = self.wait(lambda: len(running(self.pods(ns, "app=filler"))) == 2
                           and running(self.pods(ns, "app=filler")), "2 running filler pods")
        self.assertEqual(sorted(p["spec"]["nodeName"] for p in before), sorted(self.nodes.names))
        by_node = {p["spec"]["nodeName"]: p["metadata"]["name"] for p in before}

        # Follow the preemptor so its nominatedNodeName is seen even if binding follows at once.
        watch = self.server.kubectl_bg(
            "-n", ns, "get", "pods", "--field-selector", "metadata.name=vip", "--watch",
            "-o", "jsonpath={.status.nominatedNodeName}|{.spec.nodeName}|{.status.phase}{\"\\n\"}")
        # And the fillers, to see the victim say why it goes before it is gone.
        fillers = self.server.kubectl_bg(
            "-n", ns, "get", "pods", "-l", "app=filler", "--watch", "-o",
            "jsonpath={.metadata.name}|{.status.conditions[?(@.type==\"DisruptionTarget\")].reason}|"
            "{.status.conditions[?(@.type==\"DisruptionTarget\")].message}{\"\\n\"}")
        try:
            self.apply(ns, pod_manifest("vip", cpu="1", priorityClassName="high"))
            line = watch.wait_line(r"^[^|]+\|", timeout=TIMEOUT)
            marked = fillers.wait_line(r"^[^|]+\|PreemptionByScheduler\|", timeout=TIMEOUT)
        finally:
            watch.stop()
            fillers.stop()
        nominated = line.split("|")[0]
        self.assertIn(nominated, self.nodes.names)

        victim = by_node[nominated]
        self.assertEqual(marked.strip(), victim + "|PreemptionByScheduler|"
                         "default-scheduler: preempting to accommodate a higher priority pod")
        self.wait(lambda: victim not in [p["metadata"]["name"] for p in self.pods(ns, "app=filler")],
                  "victim %s deleted" % victim)
        vip = self.wait(lambda: running(self.pods(ns, "app=vip")), "pod vip running")[0]
        self.assertEqual(vip["spec"]["nodeName"], nominated)
        # The other filler was not touched.
        [other] = [n for n in by_node.values() if n != victim]
        self.assertIn(other, [p["metadata"]["name"] for p in running(self.pods(ns, "app=filler"))])
        # The ReplicaSet's replacement for the victim cannot preempt the higher-priority pod.
        replacement = self.wait(lambda: [p for p in live(self.pods(ns, "app=filler"))
                                         if p["metadata"]["name"] not in by_node.values()],
                                "a replacement filler pod")[0]
        messages = self.failed_scheduling(ns, replacement["metadata"]["name"])
        self.assertTrue(any(re.match(r"0/2 nodes are available: 2 Insufficient cpu\. preemption: ", m)
                            for m in messages), messages)
        self.assertFalse(self.pod(ns, replacement["metadata"]["name"])["spec"].get("nodeName"))
        # The victim carries upstream's Preempted event.
        uid = vip["metadata"]["uid"]

        def preempted():
            out = self.ok("get", "events", "-n", ns, "--field-selector",
                          "reason=Preempted,involvedObject.name=" + victim, "-o", "json")
            return [e["message"] for e in json.loads(out)["items"]]
        self.assertEqual(self.wait(preempted, "a Preempted event on %s" % victim),
                         ["Preempted by pod %s on node %s" % (uid, nominated)])


class DaemonSetNewNodeTest(HollowClusterTestCase):
    node_count = 2
    node_prefix = "ds-a-"

    def test_daemonset_pod_on_a_node_added_later(self):
        ns = self.namespace("daemons")
        self.apply(ns, {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
                        "spec": {"selector": {"matchLabels": {"app": "agent"}},
                                 "template": {"metadata": {"labels": {"app": "agent"}},
                                              "spec": {"containers": [{"name": "c", "image": "agent:1"}]}}}})

        def on_nodes(count):
            pods = running(self.pods(ns, "app=agent"))
            return len(pods) == count and sorted(p["spec"]["nodeName"] for p in pods)
        self.assertEqual(self.wait(lambda: on_nodes(2), "2 running agent pods"), self.nodes.names)

        late = HollowNodes(self.server, 1, "ds-b-")
        self.extra_nodes.append(late)
        late.wait_ready()
        self.assertEqual(self.wait(lambda: on_nodes(3), "an agent pod on ds-b-0"), self.nodes.names + ["ds-b-0"])
        self.wait(lambda: get_json(self.server, "daemonset", "agent", namespace=ns)["status"].get("numberReady") == 3,
                  "daemonset agent numberReady 3")
        st = get_json(self.server, "daemonset", "agent", namespace=ns)["status"]
        self.assertEqual((st["desiredNumberScheduled"], st["currentNumberScheduled"], st["numberMisscheduled"]),
                         (3, 3, 0))


SCHEDULER_CONFIG = """\
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
podInitialBackoffSeconds: 1
podMaxBackoffSeconds: 2
profiles:
- schedulerName: default-scheduler
- schedulerName: packing-scheduler
  plugins:
    multiPoint:
      disabled:
      - name: TaintToleration
    score:
      disabled:
      - name: NodeResourcesBalancedAllocation
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
"""


class SchedulerProfilesTest(HollowClusterTestCase):
    """`kubepp server --scheduler-config` with a second profile that bin-packs and ignores taints."""

    node_prefix = "prof-"
    node_args = ("--cpu", "4")

    @classmethod
    def setUpClass(cls):
        cls.config_dir = tempfile.mkdtemp(prefix="kubepp-sched-config-")
        path = os.path.join(cls.config_dir, "scheduler.yaml")
        with open(path, "w") as f:
            f.write(SCHEDULER_CONFIG)
        cls.server_args = ("--scheduler-config", path)
        try:
            super().setUpClass()
        except BaseException:
            shutil.rmtree(cls.config_dir, ignore_errors=True)
            raise

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.config_dir, ignore_errors=True)

    def test_most_allocated_profile_packs_while_the_default_one_spreads(self):
        ns = self.namespace("packing")
        for i in range(3):
            self.apply(ns, pod_manifest("packed-%d" % i, labels={"app": "packed"}, cpu="1",
                                        schedulerName="packing-scheduler"))
            # One at a time, so each sees where the previous one went.
            self.wait(lambda: len(running(self.pods(ns, "app=packed"))) == i + 1, "%d packed pods running" % (i + 1))
        packed_nodes = {p["spec"]["nodeName"] for p in running(self.pods(ns, "app=packed"))}
        self.assertEqual(len(packed_nodes), 1, packed_nodes)
        for i in range(2):
            self.apply(ns, pod_manifest("spread-%d" % i, labels={"app": "spread"}, cpu="1"))
            self.wait(lambda: len(running(self.pods(ns, "app=spread"))) == i + 1, "%d spread pods running" % (i + 1))
        spread_nodes = {p["spec"]["nodeName"] for p in running(self.pods(ns, "app=spread"))}
        # LeastAllocated sends both to the empty nodes, one each.
        self.assertEqual(len(spread_nodes), 2, spread_nodes)
        self.assertFalse(spread_nodes & packed_nodes)

    def test_profile_without_taint_toleration_ignores_taints(self):
        ns = self.namespace("tainted")
        names = self.nodes.names
        self.ok("taint", "node", *names, "dedicated=v:NoSchedule")
        try:
            self.apply(ns, pod_manifest("default-pod"))
            messages = self.failed_scheduling(ns, "default-pod")
            self.assertIn("0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: v}. "
                          "preemption: 0/3 nodes are available: 3 Preemption is not helpful for "
                          "scheduling.", messages)
            self.apply(ns, pod_manifest("packing-pod", schedulerName="packing-scheduler"))
            pod = self.wait(lambda: running(self.pods(ns, "app=packing-pod")), "pod packing-pod running")[0]
            self.assertIn(pod["spec"]["nodeName"], names)
            self.assertFalse(self.pod(ns, "default-pod")["spec"].get("nodeName"))
        finally:
            self.ok("taint", "node", *names, "dedicated=v:NoSchedule-")


class SchedulerConfigErrorsTest(unittest.TestCase):
    """An invalid configuration is reported at start-up and the command exits 1, starting nothing."""

    def setUp(self):
        self.binary = harness.kubepp_bin()
        self.tmp = tempfile.mkdtemp(prefix="kubepp-sched-bad-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def write(self, text):
        path = os.path.join(self.tmp, "config.yaml")
        with open(path, "w") as f:
            f.write(text)
        return path

    def run_kubepp(self, *args):
        return subprocess.run([self.binary] + list(args), capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)

    def test_scheduler_reports_validation_errors(self):
        path = self.write("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
                          "parallelism: 0\nprofiles:\n- schedulerName: a\n- schedulerName: a\n")
        r = self.run_kubepp("scheduler", "--config", path, "--kubeconfig", os.path.join(self.tmp, "none"))
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("Error: [parallelism: Invalid value: 0: should be an integer value greater than zero, "
                      "profiles[1].schedulerName: Duplicate value: profiles[0].schedulerName]", r.stderr)

    def test_scheduler_rejects_unknown_fields_and_plugins(self):
        path = self.write("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
                          "profiles:\n- plugins:\n    filter:\n      enable: []\n")
        r = self.run_kubepp("scheduler", "--config", path)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn('strict decoding error: unknown field "profiles[0].plugins.filter.enable"', r.stderr)
        path = self.write("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
                          "profiles:\n- plugins:\n    filter:\n      enabled:\n      - name: NoSuchPlugin\n")
        r = self.run_kubepp("scheduler", "--config", path)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn('creating profile for scheduler name default-scheduler: FilterPlugin "NoSuchPlugin" does '
                      'not exist', r.stderr)

    def test_server_checks_its_scheduler_config_before_starting(self):
        path = self.write("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
                          "profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args:\n"
                          "      scoringStrategy:\n        type: Fancy\n")
        data_dir = os.path.join(self.tmp, "data")
        r = self.run_kubepp("server", "--scheduler-config", path, "--data-dir", data_dir, "--disable-agent",
                            "--secure-port", "0")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn('profiles[0].pluginConfig[0].args.scoringStrategy.type: Unsupported value: "Fancy": '
                      'supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"', r.stderr)
        self.assertFalse(os.path.exists(data_dir))


if __name__ == "__main__":
    unittest.main()

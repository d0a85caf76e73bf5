"""Resource usage of real containers: the kubelet's /stats/summary and /metrics/resource (read
through the apiserver's node proxy), and `kubectl top` through metrics.k8s.io, with a busybox
pod burning a CPU next to an idle one; and an HPA scaling a Deployment on its pods' real CPU.
"""

import json
import re
import unittest

import e2e
import harness
from e2e import condition

BUSYBOX = "kubepp.local/busybox:1.35"
METRICS_TIMEOUT = 180.0  # a pod's first metrics need two scrape rounds (15 s each)


def pod_manifest(name, command, cpu_request="100m"):
    return json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": {"app": name}},
                       "spec": {"terminationGracePeriodSeconds": 1, "containers": [
                           {"name": "main", "image": BUSYBOX, "command": command,
                            "resources": {"requests": {"cpu": cpu_request}}}]}})


def millicores(text):
    """kubectl top's CPU cell ("512m", "1") in millicores."""
    m = re.fullmatch(r"(\d+)(m?)", text)
    if not m:
        raise AssertionError("not a CPU amount: %r" % text)
    return int(m.group(1)) * (1 if m.group(2) else 1000)


class ResourceMetricsTest(e2e.ClusterTestCase):

    def test_a_busy_pod_in_kubectl_top_and_the_summary(self):
        ns = self.namespace("top")
        self.apply(pod_manifest("burner", ["sh", "-c", "while :; do :; done"]), ns)
        self.apply(pod_manifest("idle", ["sleep", "3600"]), ns)
        for name in ("burner", "idle"):
            self.wait_pod(name, ns, lambda p: condition(p, "Ready") == "True", "Ready")

        # kubectl top pod: the burner near a whole core (the machine has two, shared with the
        # rest of the node), the idle pod near nothing.
        def top_pods():
            r = self.kubectl("top", "pod", "-n", ns)
            if r.returncode != 0:
                return None
            rows = {row[0]: row for row in harness.table(r.stdout)[1:]}
            if set(rows) != {"burner", "idle"} or millicores(rows["burner"][1]) < 300:
                return None
            return rows
        rows = harness.wait_for(top_pods, METRICS_TIMEOUT, "kubectl top pod to show the burner busy")
        self.assertLess(millicores(rows["idle"][1]), 100, rows)
        self.assertRegex(rows["burner"][2], r"^\d+Mi$")

        # kubectl top node (a node needs two scrapes where a young container needs one): at
        # least the burner's share, as a percentage of the node's CPU.
        def top_node():
            r = self.kubectl("top", "node", self.node)
            return r.stdout if r.returncode == 0 else None
        out = harness.wait_for(top_node, METRICS_TIMEOUT, "kubectl top node")
        cells = harness.table(out)[1]
        self.assertEqual(cells[0], self.node)
        self.assertGreaterEqual(millicores(cells[1]), 300, out)
        self.assertRegex(cells[2], r"^\d+%$")

        # The kubelet's own summary, through the apiserver's node proxy.
        summary = json.loads(self.ok("get", "--raw", "/api/v1/nodes/%s/proxy/stats/summary" % self.node))
        self.assertEqual(summary["node"]["nodeName"], self.node)
        pods = {p["podRef"]["name"]: p for p in summary["pods"] if p["podRef"]["namespace"] == ns}
        self.assertEqual(set(pods), {"burner", "idle"})
        burner = pods["burner"]
        self.assertEqual([c["name"] for c in burner["containers"]], ["main"])
        self.assertGreater(burner["cpu"]["usageNanoCores"], 300_000_000, burner["cpu"])
        self.assertGreater(burner["memory"]["workingSetBytes"], 0)
        self.assertEqual(burner["network"]["name"], "eth0")
        self.assertIn("ephemeral-storage", burner)

        text = self.ok("get", "--raw", "/api/v1/nodes/%s/proxy/metrics/resource" % self.node)
        self.assertRegex(text, r'container_cpu_usage_seconds_total\{container="main",namespace="%s",pod="burner"\} '
                               r'\S+ \d+' % ns)
        self.assertIn("resource_scrape_error 0\n", text)

    def test_b_an_hpa_scales_a_deployment_on_real_cpu(self):
        ns = self.namespace("hpa")
        # A pod spinning at its 200m limit is at 200% of its 100m request: against a 50%
        # target the HPA wants 4 replicas, capped at 2.
        deployment = {"apiVersion": "apps/v1", "kind": "Deployment",
                      "metadata": {"name": "spin"},
                      "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "spin"}},
                               "template": {"metadata": {"labels": {"app": "spin"}},
                                            "spec": {"terminationGracePeriodSeconds": 1, "containers": [
                                                {"name": "main", "image": BUSYBOX,
                                                 "command": ["sh", "-c", "while :; do :; done"],
                                                 "resources": {"requests": {"cpu": "100m"},
                                                               "limits": {"cpu": "200m"}}}]}}}}
        self.apply(json.dumps(deployment), ns)
        hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
               "metadata": {"name": "spin"},
               "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "spin"},
                        "minReplicas": 1, "maxReplicas": 2,
                        "metrics": [{"type": "Resource", "resource": {
                            "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}]}}
        self.apply(json.dumps(hpa), ns)

        def scaled():
            d = json.loads(self.ok("get", "deployment", "spin", "-n", ns, "-o", "json"))
            return d["spec"].get("replicas") == 2
        try:
            harness.wait_for(scaled, METRICS_TIMEOUT, "the HPA to scale spin to 2")
        except AssertionError:
            raise AssertionError("not scaled; the HPA:\n%s" % self.ok("get", "hpa", "spin", "-n", ns, "-o", "yaml"))
        status = json.loads(self.ok("get", "hpa", "spin", "-n", ns, "-o", "json"))["status"]
        self.assertEqual(status["desiredReplicas"], 2, status)
        current = status["currentMetrics"][0]["resource"]["current"]
        self.assertGreater(current["averageUtilization"], 50, status)
        events = self.ok("get", "events", "-n", ns, "--field-selector", "involvedObject.kind=HorizontalPodAutoscaler")
        self.assertIn("SuccessfulRescale", events)


if __name__ == "__main__":
    unittest.main()

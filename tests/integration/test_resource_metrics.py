"""metrics.k8s.io through the apiserver, kubectl top and the HPA, without real containers.

A hollow node runs the pods; a stand-in kubelet (HTTPS on loopback, a certificate of its own)
answers the apiserver's scrapes of /metrics/resource with usage this test decides: the node
busy at one core of four and 4Gi of 16Gi, each container of a pod at a fixed rate. The hollow
node's status is pointed at the stand-in (InternalIP 127.0.0.1, its port), as a kubelet
publishes where it serves. Every kubectl the machine has must then show that usage with
`kubectl top`, and an HPA must scale a Deployment on it.
"""

import json
import os
import ssl
import subprocess
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import harness
import hollow

NODE_CPU_CORES = 1.0
NODE_MEMORY = 4 * 1024 ** 3
# Millicores and bytes per container, by pod name prefix.
POD_USAGE = {"busy": (500, 64 * 1024 ** 2), "web-": (200, 16 * 1024 ** 2)}
METRICS_TIMEOUT = 120  # two scrape rounds (15 s each) and then some


def kubectl_versions():
    """Every kubectl binary the kubectl package ships (kubectl.1.27 ... kubectl.1.33)."""
    return list(harness.versioned_kubectls().values()) or ["kubectl"]


class StandInKubelet:
    """Serves /metrics/resource as a kubelet does, computed from the pods bound to its node."""

    def __init__(self, server, node, workdir):
        self.server, self.node = server, node
        self.t0_ms = int(time.time() * 1000) - 60_000
        self.client_subjects = []
        cert, key = os.path.join(workdir, "kubelet.crt"), os.path.join(workdir, "kubelet.key")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=stand-in-kubelet"],
                       check=True, capture_output=True)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        # Ask for the apiserver's client certificate to see who scrapes.
        ctx.verify_mode = ssl.CERT_OPTIONAL
        ctx.load_verify_locations(os.path.join(server.data_dir, "pki", "ca.crt"))
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path != "/metrics/resource":
                    self.send_error(404)
                    return
                peer = self.connection.getpeercert() or {}
                subject = dict(x[0] for x in peer.get("subject", ()))
                outer.client_subjects.append(subject.get("commonName", ""))
                body = outer.render().encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)

    def cumulative(self, millicores, now_ms):
        """CPU seconds used at `now_ms` by something busy at `millicores` since t0, as exact text."""
        nanos = millicores * (now_ms - self.t0_ms) * 1000
        return "%d.%09d" % (nanos // 10 ** 9, nanos % 10 ** 9)

    def render(self):
        now_ms = int(time.time() * 1000)
        lines = ["node_cpu_usage_seconds_total %s %d" % (self.cumulative(int(NODE_CPU_CORES * 1000), now_ms), now_ms),
                 "node_memory_working_set_bytes %d %d" % (NODE_MEMORY, now_ms)]
        status, body = self.server.get("/api/v1/pods?fieldSelector=spec.nodeName%3D" + self.node)
        pods = json.loads(body)["items"] if status == 200 else []
        for pod in pods:
            meta = pod["metadata"]
            usage = next((u for prefix, u in POD_USAGE.items() if meta["name"].startswith(prefix)), None)
            if usage is None or pod.get("status", {}).get("phase") != "Running":
                continue
            for c in pod["spec"]["containers"]:
                labels = 'container="%s",namespace="%s",pod="%s"' % (c["name"], meta["namespace"], meta["name"])
                lines.append("container_cpu_usage_seconds_total{%s} %s %d"
                             % (labels, self.cumulative(usage[0], now_ms), now_ms))
                lines.append("container_memory_working_set_bytes{%s} %d %d" % (labels, usage[1], now_ms))
                lines.append("container_start_time_seconds{%s} %.3f" % (labels, self.t0_ms / 1000))
        lines.append("resource_scrape_error 0")
        return "\n".join(lines) + "\n"


class ResourceMetricsTest(harness.ServerTestCase):
    kubelet = None
    nodes = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.nodes = hollow.HollowNodes(cls.server, 1, "metrics-node-").wait_ready()
            cls.node = cls.nodes.names[0]
            cls.kubelet = StandInKubelet(cls.server, cls.node, cls.server.tmp)
            # Where the node's kubelet serves, as a kubelet publishes it.
            patch = {"status": {"addresses": [{"type": "InternalIP", "address": "127.0.0.1"},
                                              {"type": "Hostname", "address": cls.node}],
                                "daemonEndpoints": {"kubeletEndpoint": {"Port": cls.kubelet.port}}}}
            r = cls.server.kubectl("patch", "node", cls.node, "--subresource=status", "--type=merge",
                                   "-p", json.dumps(patch))
            if r.returncode != 0:
                raise AssertionError("patching the node's status failed: " + r.stderr)
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.kubelet is not None:
            cls.kubelet.stop()
        if cls.nodes is not None:
            cls.nodes.stop()
        super().tearDownClass()

    def top(self, *args, kubectl="kubectl"):
        """`kubectl top ...` once it has numbers (the first rounds have none yet); its table rows."""
        def numbers():
            r = self.kubectl("top", *args, kubectl=kubectl)
            return harness.table(r.stdout) if r.returncode == 0 else None
        return harness.wait_for(numbers, METRICS_TIMEOUT, "kubectl top " + " ".join(args))

    def test_a_discovery_lists_the_resource_metrics(self):
        self.assertIn("metrics.k8s.io/v1beta1", self.ok("api-versions").split())
        out = self.ok("api-resources", "--api-group=metrics.k8s.io")
        self.assertLines(["nodes metrics.k8s.io/v1beta1 false NodeMetrics",
                          "pods metrics.k8s.io/v1beta1 true PodMetrics"], out)

    def test_b_top_node_with_every_kubectl(self):
        for kubectl in kubectl_versions():
            with self.subTest(kubectl=kubectl):
                rows = self.top("node", self.node, kubectl=kubectl)
                self.assertEqual(rows[0][0], "NAME")
                # One core of four, 4Gi of 16Gi.
                self.assertEqual(rows[1], [self.node, "1000m", "25%", "4096Mi", "25%"], rows)
        # The scrapes came with the apiserver's kubelet client identity.
        self.assertIn("kube-apiserver-kubelet-client", self.kubelet.client_subjects)

    def test_c_top_pod_with_every_kubectl(self):
        ns = "top-pods"
        self.ok("create", "namespace", ns)
        self.ok("run", "busy", "-n", ns, "--image=kubepp.local/busybox:1.35", "--labels=app=busy", "--",
                "sh", "-c", "while :; do :; done")
        self.ok("run", "quiet", "-n", ns, "--image=kubepp.local/busybox:1.35", "--", "sleep", "3600")
        for kubectl in kubectl_versions():
            with self.subTest(kubectl=kubectl):
                rows = self.top("pod", "-n", ns, kubectl=kubectl)
                self.assertEqual(rows, [["NAME", "CPU(cores)", "MEMORY(bytes)"], ["busy", "500m", "64Mi"]])
                rows = self.top("pod", "busy", "-n", ns, "--containers", kubectl=kubectl)
                self.assertEqual(rows[1], ["busy", "busy", "500m", "64Mi"], rows)
                self.assertEqual(self.top("pod", "-n", ns, "-l", "app=busy", kubectl=kubectl)[1][0], "busy")
        # A pod the kubelet reports nothing for, and one that does not exist.
        err = self.fails("top", "pod", "quiet", "-n", ns)
        self.assertIn("quiet", err)
        err = self.fails("top", "pod", "nope", "-n", ns)
        self.assertIn("NotFound", err)

    def test_d_get_metrics_objects_and_tables(self):
        self.top("node", self.node)
        out = self.ok("get", "nodemetrics", self.node)
        self.assertEqual(harness.table(out)[0], ["NAME", "CPU", "MEMORY", "WINDOW"])
        self.assertEqual(harness.table(out)[1][:3], [self.node, "1", "4Gi"])
        obj = json.loads(self.ok("get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes/" + self.node))
        self.assertEqual((obj["kind"], obj["apiVersion"]), ("NodeMetrics", "metrics.k8s.io/v1beta1"))
        self.assertEqual(obj["usage"], {"cpu": "1", "memory": "4Gi"})
        self.assertRegex(obj["window"], r"^\d+(\.\d+)?s$")
        listed = json.loads(self.ok("get", "--raw", "/apis/metrics.k8s.io/v1beta1/pods"))
        self.assertEqual(listed["kind"], "PodMetricsList")

    def test_e_hpa_scales_on_pod_metrics(self):
        ns = "hpa"
        self.ok("create", "namespace", ns)
        self.ok("create", "deployment", "web", "-n", ns, "--image=kubepp.local/busybox:1.35", "--", "sleep", "3600")
        self.ok("set", "resources", "deployment", "web", "-n", ns, "--requests=cpu=100m")
        hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
               "metadata": {"name": "web", "namespace": ns},
               "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                        "minReplicas": 1, "maxReplicas": 3,
                        "metrics": [{"type": "Resource", "resource": {
                            "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}]}}
        self.ok("apply", "-f", "-", input=json.dumps(hpa))
        # Each pod uses 200m of a 100m request: 200% against 50% asks for 4, capped at 3.
        def scaled():
            d = json.loads(self.ok("get", "deployment", "web", "-n", ns, "-o", "json"))
            return d["spec"].get("replicas") == 3
        try:
            harness.wait_for(scaled, 180, "the HPA to scale web to 3")
        except AssertionError:
            raise AssertionError("not scaled; the HPA:\n%s\npod metrics:\n%s" % (
                self.ok("get", "hpa", "web", "-n", ns, "-o", "yaml"),
                self.ok("get", "--raw", "/apis/metrics.k8s.io/v1beta1/namespaces/%s/pods" % ns)))
        hpa = json.loads(self.ok("get", "hpa", "web", "-n", ns, "-o", "json"))
        current = hpa["status"]["currentMetrics"][0]["resource"]["current"]
        self.assertEqual(current["averageUtilization"], 200, hpa["status"])
        self.assertEqual(current["averageValue"], "200m")


if __name__ == "__main__":
    unittest.main()

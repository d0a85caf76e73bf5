"""The server process itself: PKI and kubeconfig on disk, readiness, TLS client
authentication, clean stop on SIGTERM/SIGINT, and a restart that keeps its state.

Each test starts its own server (this module needs fresh processes, not a shared one).
"""

import json
import os
import signal
import socket
import ssl
import stat
import subprocess
import unittest

import harness


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


class ServerLifecycleTest(unittest.TestCase):

    def setUp(self):
        self.server = harness.Server()
        self.addCleanup(self.server.cleanup)

    def test_pki_and_kubeconfig_on_disk(self):
        self.server.start()
        self.assertEqual(mode(self.server.kubeconfig), 0o600)
        pki = os.path.join(self.server.data_dir, "pki")
        for name in ("ca", "apiserver", "admin", "apiserver-kubelet-client"):
            self.assertTrue(os.path.exists(os.path.join(pki, name + ".crt")), name)
            self.assertEqual(mode(os.path.join(pki, name + ".key")), 0o600, name)
        cfg = harness.read_kubeconfig(self.server.kubeconfig)
        self.assertEqual(cfg["server"], self.server.url)
        r = subprocess.run(["openssl", "verify", "-CAfile", os.path.join(pki, "ca.crt"),
                            os.path.join(pki, "apiserver.crt")], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        out = self.server.kubectl("config", "view", "-o", "jsonpath={.current-context}")
        self.assertEqual(out.stdout, "kubepp")

    def test_health_endpoints(self):
        self.server.start()
        for path in ("/readyz", "/livez", "/healthz"):
            status, body = self.server.get(path)
            self.assertEqual((status, body), (200, b"ok"), path)
        status, body = self.server.get("/readyz?verbose")
        self.assertEqual(status, 200)
        self.assertIn(b"readyz check passed", body)

    def test_metrics_in_prometheus_text(self):
        self.server.start()
        out = self.server.kubectl("create", "configmap", "counted", "--from-literal=a=b")
        self.assertEqual(out.returncode, 0, out.stderr)
        status, body = self.server.get("/metrics")
        self.assertEqual(status, 200)
        text = body.decode()
        samples = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, value = line.rsplit(" ", 1)
                samples[name] = float(value)
        created = ('apiserver_request_total{verb="CREATE",group="",resource="configmaps",'
                   'subresource="",code="201"}')
        self.assertGreaterEqual(samples.get(created, 0), 1.0, text)  # the controllers make some too
        self.assertIn('apiserver_request_duration_seconds_count{verb="CREATE",group="",resource="configmaps"}',
                      samples)
        self.assertIn("# TYPE apiserver_request_duration_seconds histogram", text)
        self.assertIn('resource="configmaps",le="0.005"}', text)  # bounds printed as Go prints them
        for gauge in ("apiserver_registered_watchers", "apiserver_storage_objects", "apiserver_storage_size_bytes",
                      "process_resident_memory_bytes", "process_cpu_seconds_total"):
            self.assertIn(gauge, samples)
        self.assertGreater(samples["process_resident_memory_bytes"], 0)
        self.assertTrue(any(name.startswith("apiserver_current_inflight_requests{") for name in samples))
        # Group commit: every write was made durable in some group, and no group was empty.
        groups = samples["kubepp_store_commit_groups_total"]
        writes = samples["kubepp_store_committed_writes_total"]
        self.assertGreaterEqual(groups, 1)
        self.assertGreaterEqual(writes, groups)
        self.assertIn("kubepp_store_commit_lingers_total", samples)

    def test_tls_requires_our_ca(self):
        self.server.start()
        # A client that does not trust the cluster CA refuses the serving certificate.
        ctx = ssl.create_default_context()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as sock:
            with self.assertRaises(ssl.SSLCertVerificationError):
                ctx.wrap_socket(sock, server_hostname="localhost")
        # The serving certificate names localhost and 127.0.0.1.
        ctx = self.server.ssl_context()
        for host in ("localhost", "127.0.0.1"):
            with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as sock:
                with ctx.wrap_socket(sock, server_hostname=host) as tls:
                    self.assertIn(tls.version(), ("TLSv1.2", "TLSv1.3"))

    def test_client_without_certificate_is_not_admin(self):
        self.server.start()
        cfg = harness.read_kubeconfig(self.server.kubeconfig)
        ctx = ssl.create_default_context(cadata=cfg["ca"].decode())
        import urllib.request
        import urllib.error
        req = urllib.request.Request(self.server.url + "/api/v1/namespaces/default/secrets")
        with self.assertRaises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req, context=ctx, timeout=10)
        self.assertIn(e.exception.code, (401, 403))

    def test_sigterm_stops_cleanly(self):
        self.server.start()
        self.assertEqual(self.server.stop(), 0, self.server.log_tail())

    def test_sigint_stops_cleanly(self):
        self.server.start()
        self.server.proc.send_signal(signal.SIGINT)
        try:
            code = self.server.proc.wait(harness.STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail("server still running %ss after SIGINT" % harness.STOP_TIMEOUT)
        self.assertEqual(code, 0, self.server.log_tail())

    @staticmethod
    def configmap(name):
        return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "default"},
                "data": {"k": "v"}}

    def test_restart_keeps_objects_and_pki(self):
        self.server.start()
        r = self.server.kubectl("create", "-f", "-", input=json.dumps(self.configmap("survivor")))
        self.assertEqual(r.returncode, 0, r.stderr)
        rv = self.server.kubectl("get", "cm", "survivor", "-o", "jsonpath={.metadata.resourceVersion}").stdout
        with open(os.path.join(self.server.data_dir, "pki", "ca.crt")) as f:
            ca = f.read()
        self.assertEqual(self.server.stop(), 0, self.server.log_tail())

        self.server.start()
        with open(os.path.join(self.server.data_dir, "pki", "ca.crt")) as f:
            self.assertEqual(f.read(), ca)
        r = self.server.kubectl("get", "cm", "survivor", "-o", "jsonpath={.data.k} {.metadata.resourceVersion}")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "v " + rv)
        # Revisions continue after a restart: a new write gets a larger resourceVersion.
        r = self.server.kubectl("create", "-f", "-", "-o", "jsonpath={.metadata.resourceVersion}",
                                input=json.dumps(self.configmap("after")))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertGreater(int(r.stdout), int(rv))


if __name__ == "__main__":
    unittest.main()

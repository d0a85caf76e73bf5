"""Pods through containerd on `kubepp server`: lifecycle, restarts, init containers, probes,
lifecycle hooks and the termination grace period."""

import http.server
import json
import os
import re
import shutil
import socket
import tempfile
import threading
import unittest
import urllib.request

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

    def host_dir(self):
        """A directory of this machine the test's pods write into through hostPath."""
        path = tempfile.mkdtemp(prefix="kubepp-e2e-hooks-")
        self.addCleanup(shutil.rmtree, path, True)
        return path

    def recording_server(self):
        """An HTTP server on this machine's loopback that records each request's path and
        headers; the kubelet (in the host's network) reaches it, the pods do not need to."""
        seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                seen.append((self.path, dict(self.headers)))
                self.send_response(404)  # a hook counts any answer as done
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()

        def stop():
            server.shutdown()
            server.server_close()
            thread.join()
        self.addCleanup(stop)
        return server.server_address[1], seen

    def test_pods_reach_each_other_and_a_host_port_reaches_its_pod(self):
        ns = self.namespace("net")
        with socket.socket() as s:  # a port nothing on this machine uses now
            s.bind(("127.0.0.1", 0))
            host_port = s.getsockname()[1]
        serve = "mkdir -p /www && echo served-by-$(hostname) > /www/index.html && exec httpd -f -p 8080 -h /www"
        self.apply(pod_manifest("server", {"containers": [
            {"name": "web", "image": BUSYBOX, "command": ["sh", "-c", serve],
             "ports": [{"containerPort": 8080, "hostPort": host_port}]}]}), ns)
        self.apply(pod_manifest("client", {"containers": [
            {"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"]}]}), ns)
        server = self.wait_pod("server", ns, lambda p: condition(p, "Ready") == "True", "Ready")
        self.wait_pod("client", ns, lambda p: condition(p, "Ready") == "True", "Ready")
        url = "http://%s:8080/" % server["status"]["podIP"]
        # Pod to pod, across the bridge; httpd may take a moment to listen.
        got = harness.wait_for(
            lambda: self.kubectl("exec", "-n", ns, "client", "--", "wget", "-qO-", url).stdout,
            60, "the client pod to reach the server pod")
        self.assertEqual(got, "served-by-server\n")
        # Node to pod.
        with urllib.request.urlopen(url, timeout=10) as r:
            self.assertEqual(r.read(), b"served-by-server\n")
        # The hostPort on the node's loopback, DNATed (and masqueraded) by the portmap plugin.
        host_url = "http://127.0.0.1:%d/" % host_port
        with urllib.request.urlopen(host_url, timeout=10) as r:
            self.assertEqual(r.read(), b"served-by-server\n")

    def test_lifecycle_hooks_run_exec_and_http_around_the_containers_life(self):
        ns = self.namespace("hooks")
        out = self.host_dir()
        port, seen = self.recording_server()
        cgi = "#!/bin/sh\necho Content-Type: text/plain\necho\necho http-$QUERY_STRING >> /out/hits\n"
        # The script is printf's format, so its \n become newlines.
        web_command = ("mkdir -p /www/cgi-bin && printf '%s' > /www/cgi-bin/hook && chmod +x /www/cgi-bin/hook"
                       " && exec httpd -f -p 8080 -h /www" % cgi)
        mount = [{"name": "out", "mountPath": "/out"}]
        spec = {
            "terminationGracePeriodSeconds": 30,
            "volumes": [{"name": "out", "hostPath": {"path": out, "type": "Directory"}}],
            "containers": [
                {"name": "web", "image": BUSYBOX, "command": ["sh", "-c", web_command],
                 "ports": [{"name": "http", "containerPort": 8080}], "volumeMounts": mount,
                 "lifecycle": {
                     "postStart": {"exec": {"command": ["sh", "-c", "echo exec-poststart >> /out/hits"]}},
                     # Stays up a little so the other container's preStop request finds it.
                     "preStop": {"exec": {"command": ["sh", "-c", "echo exec-prestop >> /out/hits; sleep 2"]}}}},
                {"name": "app", "image": BUSYBOX, "command": ["sleep", "3600"], "volumeMounts": mount,
                 "lifecycle": {
                     "postStart": {"httpGet": {"host": "127.0.0.1", "port": port, "path": "/started?pod=hooks",
                                               "httpHeaders": [{"name": "X-Hook", "value": "postStart"}]}},
                     # No host: the pod's IP, where the web container serves.
                     "preStop": {"httpGet": {"port": 8080, "path": "/cgi-bin/hook?prestop"}}}},
            ]}
        self.apply(pod_manifest("hooked", spec), ns)
        self.wait_pod("hooked", ns, lambda p: condition(p, "Ready") == "True", "Ready")
        started = [h for path, h in seen if path == "/started?pod=hooks"]
        self.assertEqual(len(started), 1, seen)
        self.assertEqual(started[0].get("X-Hook"), "postStart")
        self.assertTrue(started[0].get("User-Agent", "").startswith("kube-lifecycle/"), started[0])
        hits = os.path.join(out, "hits")
        with open(hits) as f:
            self.assertEqual(f.read().split(), ["exec-poststart"])
        self.ok("delete", "pod", "hooked", "-n", ns, "--wait=false")
        harness.wait_for(lambda: self.pod("hooked", ns) is None, e2e.POD_TIMEOUT, "the pod to be gone")
        with open(hits) as f:
            self.assertEqual(sorted(f.read().split()), ["exec-poststart", "exec-prestop", "http-prestop"])

    def test_failing_post_start_hook_kills_and_restarts_the_container(self):
        ns = self.namespace("badhook")
        spec = {"containers": [{"name": "app", "image": BUSYBOX, "command": ["sleep", "3600"],
                                "lifecycle": {"postStart": {"exec": {"command": ["sh", "-c", "exit 3"]}}}}]}
        self.apply(pod_manifest("badhook", spec), ns)

        def hook_event():
            events = json.loads(self.ok("get", "events", "-n", ns, "-o", "json"))["items"]
            return [e for e in events if e["reason"] == "FailedPostStartHook"]
        events = harness.wait_for(hook_event, e2e.POD_TIMEOUT, "a FailedPostStartHook event")
        self.assertEqual(events[0]["type"], "Warning")
        self.assertIn('Exec lifecycle hook ([sh -c exit 3]) for Container "app" in Pod "badhook_%s(' % ns,
                      events[0]["message"])
        self.assertIn("exited with 3", events[0]["message"])
        self.wait_pod("badhook", ns, lambda p: container_status(p, "app").get("restartCount", 0) >= 1,
                      "the container restarted after its hook failed")

    def test_sigterm_comes_first_and_sigkill_after_the_grace_period(self):
        ns = self.namespace("grace")
        out = self.host_dir()
        mount = [{"name": "out", "mountPath": "/out"}]
        volumes = [{"name": "out", "hostPath": {"path": out, "type": "Directory"}}]
        # PID 1 gets no default signal handling: each container decides what SIGTERM does.
        polite = "trap 'echo got-term > /out/polite; exit 0' TERM; echo up > /out/polite-up; while true; do sleep 1; done"
        stubborn = "trap '' TERM; echo up > /out/stubborn-up; while true; do sleep 1; done"
        for name, script in (("polite", polite), ("stubborn", stubborn)):
            self.apply(pod_manifest(name, {
                "terminationGracePeriodSeconds": 3, "volumes": volumes,
                "containers": [{"name": "main", "image": BUSYBOX, "command": ["sh", "-c", script],
                                "volumeMounts": mount}]}), ns)
        for name in ("polite", "stubborn"):
            self.wait_pod(name, ns, lambda p: condition(p, "Ready") == "True", "Ready")
            harness.wait_for(lambda: os.path.exists(os.path.join(out, name + "-up")), 30, name + "'s trap set")
        self.ok("delete", "pod", "polite", "stubborn", "-n", ns, "--wait=false")
        for name in ("polite", "stubborn"):
            harness.wait_for(lambda: self.pod(name, ns) is None, e2e.POD_TIMEOUT, "pod %s to be gone" % name)
        with open(os.path.join(out, "polite")) as f:
            self.assertEqual(f.read(), "got-term\n", "SIGTERM reached the container first")
        # The one that ignores SIGTERM went too: SIGKILL once the 3 s had passed.


if __name__ == "__main__":
    unittest.main()

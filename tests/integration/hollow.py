"""Hollow nodes and pod helpers shared by the scheduling and node-failure tests.

HollowNodes runs one `kubepp hollow-nodes` process (its own log file in the server's temp
dir), so a test can start nodes late or stop the heartbeats of exactly the nodes it chose.
"""

import json
import os
import subprocess

import harness


class HollowNodes:
    """A `kubepp hollow-nodes` process registering `count` nodes named <prefix>0..."""

    def __init__(self, server, count, prefix, *extra_args):
        self.server = server
        self.count = count
        self.prefix = prefix
        self.names = ["%s%d" % (prefix, i) for i in range(count)]
        self.log_path = os.path.join(server.tmp, "hollow-%s.log" % prefix.rstrip("-"))
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [server.binary, "hollow-nodes", "--kubeconfig", server.kubeconfig,
             "--count", str(count), "--name-prefix", prefix] + list(extra_args),
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_ready(self, timeout=60):
        """Waits until every node of this process reports Ready=True."""
        def ready():
            if self.proc.poll() is not None:
                raise AssertionError("hollow-nodes exited with %s" % self.proc.returncode)
            nodes = {n["metadata"]["name"]: n for n in get_json(self.server, "nodes")["items"]}
            return all(name in nodes and condition(nodes[name], "Ready") == "True"
                       for name in self.names)
        harness.wait_for(ready, timeout, "nodes %s Ready" % ", ".join(self.names))
        return self

    def stop(self, sig=None):
        """SIGTERM (or `sig`) and wait; the Nodes stay registered, as a stopped kubelet's do."""
        if self.proc.poll() is None:
            if sig is None:
                self.proc.terminate()
            else:
                self.proc.send_signal(sig)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self._log.closed:
            self._log.close()


def get_json(server, *what, namespace=None):
    args = (["-n", namespace] if namespace else []) + ["get"] + list(what) + ["-o", "json"]
    r = server.kubectl(*args)
    if r.returncode != 0:
        raise AssertionError("kubectl %s failed: %s" % (" ".join(args), r.stderr))
    return json.loads(r.stdout)


def condition(obj, kind, field="status"):
    for c in obj.get("status", {}).get("conditions", []) or []:
        if c.get("type") == kind:
            return c.get(field)
    return None


def live(pods):
    """The pods not being deleted."""
    return [p for p in pods if not p["metadata"].get("deletionTimestamp")]


def running(pods):
    """The live pods reported Running and Ready."""
    return [p for p in live(pods)
            if p.get("status", {}).get("phase") == "Running" and condition(p, "Ready") == "True"]


def events(server, namespace, reason, name=None):
    """Messages of the namespace's Events with `reason` (about object `name` if given)."""
    selector = "reason=%s" % reason
    if name:
        selector += ",involvedObject.name=%s" % name
    items = get_json(server, "events", "--field-selector", selector, namespace=namespace)["items"]
    return [e.get("message", "") for e in items]

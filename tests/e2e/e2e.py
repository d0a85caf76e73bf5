"""The e2e harness: a `kubepp server` with its kubelet and containerd, running real containers.

Builds on tests/integration/harness.py. Every test module gets one server (agent on) with its own
data dir; tearDownClass deletes every namespace the tests made, stops the server with
--remove-pods-on-exit (so the kubelet removes every sandbox and container, which releases each
pod's network through the CNI plugins), then checks that nothing is left behind: no containerd
or shim processes of this server, no mounts under its data dir, no pod network namespaces, no
iptables rules or chains that were not there before.

Modules run one at a time (scripts/test.sh runs ctest -j1): every node of every module uses the
bridge cni0 and the pod range 10.244.0.0/24, and the iptables check sees the whole machine.
"""

import json
import os
import shlex
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402

POD_TIMEOUT = 120.0


def require_root():
    if os.geteuid() != 0:
        raise unittest.SkipTest("e2e tests run real containers and need root")


def iptables_rules():
    """The IPv4 and IPv6 rule sets as iptables-save prints them, without comments and counters:
    one line per chain or rule, prefixed with its table. A table's built-in chains are left out:
    they appear when anything first uses the table (on a fresh machine, often the server under
    test) and stay, which is the kernel's doing, not something left behind."""
    builtin = {":INPUT", ":OUTPUT", ":FORWARD", ":PREROUTING", ":POSTROUTING"}
    lines = set()
    for save in ("iptables-save", "ip6tables-save"):
        try:
            out = subprocess.run([save], capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            continue
        table = ""
        for line in out.splitlines():
            if line.startswith("*"):
                table = line[1:]
            elif line.startswith(":") and line.split()[0] not in builtin:
                lines.add("%s %s %s" % (save, table, line.split()[0]))
            elif line.startswith("-A"):
                lines.add("%s %s %s" % (save, table, line))
    return lines


def remove_hostport_chains(new_rules):
    """The portmap plugin keeps its CNI-HOSTPORT-* chains (and the jumps to them) after the last
    pod with a hostPort goes, as with upstream's kubelet; a run that made them removes them."""
    for line in sorted(new_rules, key=lambda l: not l.split(" ", 2)[2].startswith("-A")):
        save, table, rest = line.split(" ", 2)
        tool = save.replace("-save", "")
        if rest.startswith("-A") and "CNI-HOSTPORT-" in rest:
            subprocess.run([tool, "-t", table, "-D"] + shlex.split(rest)[1:], check=False)
    for line in new_rules:
        save, table, rest = line.split(" ", 2)
        tool = save.replace("-save", "")
        if rest.startswith(":CNI-HOSTPORT-"):
            subprocess.run([tool, "-t", table, "-F", rest[1:]], check=False)
            subprocess.run([tool, "-t", table, "-X", rest[1:]], check=False)


def mounts_under(path):
    with open("/proc/self/mountinfo") as f:
        return [line.split()[4] for line in f if line.split()[4].startswith(path)]


def processes_mentioning(text):
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmd:
            out.append((int(pid), cmd))
    return out


class ClusterTestCase(harness.ServerTestCase):
    agent = True
    server_args = ("--remove-pods-on-exit",)

    @classmethod
    def setUpClass(cls):
        require_root()
        cls.had_bridge = os.path.exists("/sys/class/net/cni0")
        cls.rules_before = iptables_rules()
        super().setUpClass()
        try:
            cls.node = harness.wait_for(cls._ready_node, POD_TIMEOUT, "the node to register and be Ready")
        except BaseException:
            sys.stderr.write(cls.server.log_tail(120) + "\n")
            cls.server.cleanup()
            raise

    @classmethod
    def release_data_dir(cls, data_dir):
        """Runs once the server has stopped, before the check for leftovers: undoes what
        prepare_data_dir mounted."""

    @classmethod
    def _ready_node(cls):
        out = cls.server.kubectl("get", "nodes", "-o", "json")
        if out.returncode != 0:
            return None
        for node in json.loads(out.stdout)["items"]:
            for c in node.get("status", {}).get("conditions", []):
                if c["type"] == "Ready" and c["status"] == "True":
                    return node["metadata"]["name"]
        return None

    @classmethod
    def tearDownClass(cls):
        server = cls.server
        if server is None:
            return
        data_dir = server.data_dir
        code = server.stop(timeout=120)
        cls.release_data_dir(data_dir)
        leftovers = []
        procs = processes_mentioning(data_dir)
        if procs:
            leftovers.append("processes: %s" % procs)
            for pid, _ in procs:
                try:
                    os.kill(pid, 9)
                except OSError:
                    pass
        # The bridge plugin leaves its bridge behind; remove it if this run made it.
        if not cls.had_bridge and os.path.exists("/sys/class/net/cni0"):
            subprocess.run(["ip", "link", "del", "cni0"], check=False)
        remove_hostport_chains(iptables_rules() - cls.rules_before)
        rules = sorted(iptables_rules() - cls.rules_before)
        if rules:
            leftovers.append("iptables: %s" % rules)
        mounts = mounts_under(server.tmp)
        if mounts:
            leftovers.append("mounts: %s" % mounts)
            for m in sorted(mounts, key=len, reverse=True):
                subprocess.run(["umount", "-l", m], check=False)
        if os.environ.get("KUBEPP_KEEP") or leftovers:
            sys.stderr.write("kubepp e2e: kept %s\n" % server.tmp)
        else:
            server.cleanup()
        if code != 0 or leftovers:
            raise AssertionError("the server left things behind (exit %s): %s\n%s"
                                 % (code, "; ".join(leftovers), server.log_tail(80)))

    # --- helpers ---

    def apply(self, manifest, namespace=None):
        args = ["apply", "-f", "-"] + (["-n", namespace] if namespace else [])
        return self.ok(*args, input=manifest)

    def pod(self, name, namespace):
        out = self.kubectl("get", "pod", name, "-n", namespace, "-o", "json")
        return json.loads(out.stdout) if out.returncode == 0 else None

    def wait_pod(self, name, namespace, predicate, what, timeout=POD_TIMEOUT):
        def check():
            p = self.pod(name, namespace)
            return p if p and predicate(p) else None
        try:
            return harness.wait_for(check, timeout, "pod %s/%s: %s" % (namespace, name, what), interval=0.2)
        except AssertionError:
            p = self.pod(name, namespace)
            sys.stderr.write(json.dumps(p.get("status") if p else None, indent=1) + "\n")
            sys.stderr.write(self.server.log_tail(60) + "\n")
            raise

    def node_object(self):
        return json.loads(self.ok("get", "node", self.node, "-o", "json"))

    def wait_node(self, predicate, what, timeout):
        """Polls the node until `predicate` returns something true; returns that."""
        return harness.wait_for(lambda: predicate(self.node_object()), timeout, what, interval=0.5)

    def namespace(self, name):
        self.ok("create", "namespace", name)
        self.addCleanup(self.delete_namespace, name)
        return name

    def delete_namespace(self, name):
        self.kubectl("delete", "namespace", name, "--wait=false")
        harness.wait_for(lambda: self.kubectl("get", "namespace", name).returncode != 0, POD_TIMEOUT,
                         "namespace %s to be gone" % name, interval=0.2)


def phase(p):
    return p.get("status", {}).get("phase")


def container_status(p, name, init=False):
    for s in p.get("status", {}).get("initContainerStatuses" if init else "containerStatuses", []) or []:
        if s["name"] == name:
            return s
    return {}


def node_condition(node, type_):
    for c in node.get("status", {}).get("conditions", []):
        if c["type"] == type_:
            return c
    return {}


def has_taint(node, key):
    return any(t["key"] == key and t["effect"] == "NoSchedule" for t in node["spec"].get("taints", []) or [])


def binary_bytes(quantity):
    """A byte quantity as the API prints it ("205Mi", "209920Ki", "214958080")."""
    for suffix, scale in (("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30)):
        if quantity.endswith(suffix):
            return int(quantity[:-2]) * scale
    return int(quantity)


def condition(p, type_):
    for c in p.get("status", {}).get("conditions", []) or []:
        if c["type"] == type_:
            return c["status"]
    return None

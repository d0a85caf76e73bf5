"""A `kubepp containerd` process (kubepp's supervised containerd) with a temporary data dir,
and the node-level cleanup every test that runs real containers needs.

Everything this harness starts is found again by what it owns: processes whose command line
names its temp dir (containerd, the containerd-shims, which name containerd's socket) and their
descendants (the containers' processes), mounts under the temp dir, and the pods' cgroup parent
(/kubepp-it-<pid>-<n> in every cgroup hierarchy). cleanup() ends and removes all of it by PID
and path, so a failed test leaves nothing behind.

Environment: KUBEPP_BIN (the kubepp binary), KUBEPP_KEEP (keep the temp dir).
"""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile

import harness

CTR = "ctr"
_counter = [0]


def _read(path, mode="r"):
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError:
        return b"" if "b" in mode else ""


def process_alive(pid):
    """True for a live, non-zombie process."""
    stat = _read("/proc/%d/stat" % pid)
    if not stat:
        return False
    return stat[stat.rfind(")") + 2:][:1] != "Z"


def processes_mentioning(text):
    """PIDs of live processes whose command line contains `text` (not this process)."""
    needle = text.encode()
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        if needle in _read("/proc/%s/cmdline" % entry, "rb") and process_alive(int(entry)):
            pids.append(int(entry))
    return pids


def descendants(pids):
    """Every live descendant of `pids`."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = _read("/proc/%s/stat" % entry)
        if not stat:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], list(pids)
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            out.append(child)
            todo.append(child)
    return [p for p in out if process_alive(p)]


def shim_socket(pid):
    """The socket a containerd-shim listens on (/run/containerd/s/<sha256 of address/ns/id>),
    which stays behind when the shim is killed; None for other processes."""
    args = _read("/proc/%d/cmdline" % pid, "rb").split(b"\0")
    if not args or b"containerd-shim" not in args[0]:
        return None
    opts = dict(zip(args[1::2], args[2::2]))
    if not all(k in opts for k in (b"-namespace", b"-id", b"-address")):
        return None
    key = os.path.join(opts[b"-address"], opts[b"-namespace"], opts[b"-id"])
    return "/run/containerd/s/" + hashlib.sha256(key).hexdigest()


def mounts_under(path):
    """Mount points at or below `path`, deepest first."""
    points = []
    for line in _read("/proc/self/mountinfo").splitlines():
        fields = line.split()
        if len(fields) < 5:
            continue
        point = fields[4].encode().decode("unicode_escape")
        if point == path or point.startswith(path.rstrip("/") + "/"):
            points.append(point)
    return sorted(points, key=len, reverse=True)


def cgroup_dirs(name):
    """The directories of cgroup `name` ("/kubepp-it-1") in every mounted hierarchy."""
    root = "/sys/fs/cgroup"
    dirs = [os.path.join(root, name.lstrip("/"))]
    for hierarchy in sorted(os.listdir(root)):
        dirs.append(os.path.join(root, hierarchy, name.lstrip("/")))
    return [d for d in dirs if os.path.isdir(d)]


def remove_cgroup(name):
    for top in cgroup_dirs(name):
        for dirpath, _, _ in sorted(os.walk(top), key=lambda w: len(w[0]), reverse=True):
            try:
                os.rmdir(dirpath)
            except OSError:
                pass


class SupervisedContainerd:
    """`kubepp containerd --data-dir <tmp>/data` in the background."""

    def __init__(self, extra_args=()):
        self.binary = harness.kubepp_bin()
        # Short paths: containerd's sockets must fit a unix socket address.
        self.tmp = tempfile.mkdtemp(prefix="kpp-ctd-")
        self.data_dir = os.path.join(self.tmp, "data")
        self.workdir = os.path.join(self.tmp, "work")
        os.makedirs(self.workdir)
        _counter[0] += 1
        self.cgroup = "/kubepp-it-%d-%d" % (os.getpid(), _counter[0])
        self.extra_args = list(extra_args)
        self.proc = None
        self.log_path = None
        self._log = None
        self.starts = 0

    @property
    def socket(self):
        return os.path.join(self.data_dir, "containerd", "containerd.sock")

    @property
    def endpoint(self):
        return "unix://" + self.socket

    @property
    def cni_conf_dir(self):
        return os.path.join(self.data_dir, "cni", "net.d")

    def containerd_pid(self):
        text = _read(os.path.join(self.data_dir, "containerd", "containerd.pid")).strip()
        return int(text) if text.isdigit() else 0

    def write_pod_network(self, subnet):
        """A ptp CNI network (a veth per pod, host-local addresses from `subnet`, no NAT), so
        pods get their own network namespace without touching the node's bridges or iptables."""
        os.makedirs(self.cni_conf_dir, exist_ok=True)
        ipam_dir = os.path.join(self.tmp, "cni-ipam")
        with open(os.path.join(self.cni_conf_dir, "10-kubepp-it.conflist"), "w") as f:
            f.write('{"cniVersion": "0.4.0", "name": "kubepp-it", "plugins": [{"type": "ptp", '
                    '"ipMasq": false, "ipam": {"type": "host-local", "subnet": "%s", "dataDir": "%s"}}]}\n'
                    % (subnet, ipam_dir))

    def start(self, timeout=90):
        self.starts += 1
        self.log_path = os.path.join(self.tmp, "containerd-%d.log" % self.starts)
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [self.binary, "containerd", "--data-dir", self.data_dir] + self.extra_args,
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

        def ready():
            if self.proc.poll() is not None:
                raise AssertionError("kubepp containerd exited with %s:\n%s"
                                     % (self.proc.returncode, self.log_tail()))
            return "ready unix://" in _read(self.log_path)
        harness.wait_for(ready, timeout, "kubepp containerd to be ready")
        return self

    def log_tail(self, lines=40):
        return "\n".join(_read(self.log_path).splitlines()[-lines:]) if self.log_path else ""

    def ctr(self, *args, check=True, timeout=60):
        r = subprocess.run([CTR, "--address", self.socket, "--namespace", "k8s.io"] + list(args),
                           capture_output=True, text=True, timeout=timeout)
        if check and r.returncode != 0:
            raise AssertionError("ctr %s failed (%d): %s%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
        return r

    def env(self, **extra):
        env = dict(os.environ)
        env.update({"KUBEPP_CRI_ENDPOINT": self.endpoint, "KUBEPP_CRI_WORKDIR": self.workdir,
                    "KUBEPP_CRI_CGROUP": self.cgroup})
        env.update(extra)
        return env

    def stop(self, sig=signal.SIGTERM, timeout=60):
        """Signals kubepp containerd and waits; returns its exit code (None if killed)."""
        code = None
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                code = self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        elif self.proc is not None:
            code = self.proc.returncode
        if self._log:
            self._log.close()
            self._log = None
        return code

    def leftovers(self):
        """What still runs or is mounted for this data dir: (pids, mount points)."""
        owners = processes_mentioning(self.tmp)
        return sorted(set(owners + descendants(owners))), mounts_under(self.tmp)

    def cleanup(self):
        self.stop(signal.SIGKILL if self.proc and self.proc.poll() is None else signal.SIGTERM)
        pids, _ = self.leftovers()
        sockets = [s for s in (shim_socket(p) for p in pids) if s]
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        harness.wait_for(lambda: not any(process_alive(p) for p in pids), 30, "leftover processes to end")
        for path in sockets:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
        for point in mounts_under(self.tmp):
            subprocess.run(["umount", "-l", point], capture_output=True)
        remove_cgroup(self.cgroup)
        if os.environ.get("KUBEPP_KEEP"):
            sys.stderr.write("kubepp integration: kept %s\n" % self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

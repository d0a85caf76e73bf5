"""The integration harness: a real `kubepp server` on a free port, driven by real clients.

One server per test module (ServerTestCase.setUpClass starts it, tearDownClass stops it),
with its own temporary data dir, kubeconfig and kubectl cache, so modules never share state.
Nothing here sleeps a fixed time: every wait polls a condition until a deadline.

Environment:
  KUBEPP_BIN     the kubepp binary (default: <repo>/build/kubepp)
  KUBEPP_SHARED  the shared folder holding examples/ (default: <repo>/../shared)
  KUBEPP_KEEP    keep the temp dir (data, logs) after the run, for debugging
"""

import base64
import os
import queue
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
READY_TIMEOUT = 90.0     # seconds for a fresh server to answer /readyz
STOP_TIMEOUT = 30.0      # seconds for a clean exit after SIGTERM
COMMAND_TIMEOUT = 120.0  # seconds for one kubectl invocation


def versioned_kubectls():
    """{minor: path} for every bin/kubectl.1.N the kubectl package installs (1.27 ... 1.33);
    they are not on PATH, `dpkg -L kubectl` finds them."""
    try:
        out = subprocess.run(["dpkg", "-L", "kubectl"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    found = {}
    for line in out.splitlines():
        m = re.search(r"bin/kubectl\.1\.(\d+)$", line)
        if m and os.access(line, os.X_OK):
            found[int(m.group(1))] = line
    return dict(sorted(found.items()))


def kubepp_bin():
    path = os.environ.get("KUBEPP_BIN") or os.path.join(REPO, "build", "kubepp")
    if not os.access(path, os.X_OK):
        raise unittest.SkipTest("kubepp binary not found at %s (set KUBEPP_BIN)" % path)
    return path


def shared_dir():
    return os.environ.get("KUBEPP_SHARED") or os.path.abspath(os.path.join(REPO, "..", "shared"))


def myblog_dir():
    return os.path.join(shared_dir(), "examples", "myblog")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def terminate(proc, timeout):
    """SIGTERM, wait up to `timeout` s, then SIGKILL. Returns the exit code, or None if the process
    had to be killed."""
    if proc.poll() is not None:
        return proc.returncode
    proc.terminate()
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None


def wait_for(predicate, timeout, what, interval=0.05):
    """Polls predicate() until it returns a truthy value; returns it or raises AssertionError."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except Exception as e:  # the condition may not be checkable yet
            last_error = e
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %.0fs waiting for %s (last error: %r)"
                                 % (timeout, what, last_error))
        time.sleep(interval)
        interval = min(interval * 1.5, 0.5)


def normalize_ws(text):
    """Collapses runs of spaces so table rows compare independently of column widths."""
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())


def table(text):
    """Parses kubectl's table output into a list of rows (lists of cells).

    Cells are split on runs of two or more spaces, as kubectl pads columns with at least
    three; an empty cell (e.g. an Ingress without ADDRESS) therefore disappears, so tests
    look at cells by header only when no column can be empty."""
    return [re.split(r"\s{2,}", line.strip()) for line in text.splitlines() if line.strip()]


def table_dicts(text):
    """Parses a table whose header names fixed-width columns into dicts keyed by header.

    Uses the header's column start offsets, so empty cells are preserved."""
    lines = [l for l in text.splitlines() if l.strip()]
    if not lines:
        return []
    header = lines[0]
    starts = [m.start() for m in re.finditer(r"(?:(?<=\s{2})|^)\S", header)]
    names = [header[s:].split("  ")[0].strip() for s in starts]
    rows = []
    for line in lines[1:]:
        row = {}
        for i, s in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(line)
            row[names[i]] = line[s:end].strip() if s < len(line) else ""
        rows.append(row)
    return rows


class Server:
    """A `kubepp server` process with a temporary data dir."""

    def __init__(self, extra_args=(), agent=False):
        self.binary = kubepp_bin()
        # Without the agent the server runs no kubelet (no real containers):
        # the control-plane tests bring hollow nodes of their own.
        self.agent = agent
        self.tmp = tempfile.mkdtemp(prefix="kubepp-it-")
        self.data_dir = os.path.join(self.tmp, "data")
        self.home = os.path.join(self.tmp, "home")
        os.makedirs(self.home)
        self.log_path = os.path.join(self.tmp, "server.log")
        self.extra_args = list(extra_args)
        self.proc = None
        self.port = None
        self._log = None

    @property
    def kubeconfig(self):
        return os.path.join(self.data_dir, "admin.kubeconfig")

    @property
    def url(self):
        return "https://127.0.0.1:%d" % self.port

    def _agent_defaults(self):
        """The node's disk belongs to the machine running the tests, not to the test: a full disk
        there must not taint the node with disk-pressure or have image GC delete the imported
        images nobody can pull again. Tests that exercise those set the flags themselves."""
        defaults = []
        if not any(a.startswith("--eviction-hard") for a in self.extra_args):
            defaults.append("--eviction-hard=memory.available<100Mi")
        if not any(a.startswith("--image-gc-high-threshold") for a in self.extra_args):
            defaults.append("--image-gc-high-threshold=100")
        # The kubelet API on a free port, not 10250: another test's node may hold that one.
        if not any(a.startswith("--kubelet-port") for a in self.extra_args):
            defaults.append("--kubelet-port=%d" % free_port())
        return defaults

    def start(self, timeout=READY_TIMEOUT):
        # A free port can be taken between our probe and the server's bind; retry then.
        for attempt in range(3):
            self.port = free_port()
            self._log = open(self.log_path, "ab")
            self.proc = subprocess.Popen(
                [self.binary, "server", "--data-dir", self.data_dir,
                 "--secure-port", str(self.port), "--bind-address", "127.0.0.1"]
                + (self._agent_defaults() if self.agent else ["--disable-agent"]) + self.extra_args,
                stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            try:
                self.wait_ready(timeout)
                return self
            except AssertionError:
                port_taken = self.proc.poll() is not None and "address" in self.log_tail(20).lower()
                self.stop()
                if not port_taken or attempt == 2:
                    raise
        return self

    def wait_ready(self, timeout=READY_TIMEOUT):
        def ready():
            if self.proc.poll() is not None:
                raise AssertionError("kubepp server exited with %s:\n%s"
                                     % (self.proc.returncode, self.log_tail()))
            if not os.path.exists(self.kubeconfig):
                return False
            status, body = self.get("/readyz", timeout=5)
            return status == 200 and body.strip() == b"ok"
        try:
            wait_for(ready, timeout, "/readyz on %s" % self.url)
        except AssertionError as e:
            if self.proc.poll() is not None:
                raise AssertionError(str(e).split(" (last error")[0] + "\n" + self.log_tail())
            raise

    def ssl_context(self):
        """A TLS context trusting the cluster CA and presenting the admin certificate."""
        cfg = read_kubeconfig(self.kubeconfig)
        ctx = ssl.create_default_context(cadata=cfg["ca"].decode())
        cert_file = os.path.join(self.tmp, "admin-client.pem")
        with open(cert_file, "wb") as f:
            os.chmod(cert_file, 0o600)
            f.write(cfg["cert"] + b"\n" + cfg["key"])
        ctx.load_cert_chain(cert_file)
        return ctx

    def get(self, path, timeout=10):
        """GET path over HTTPS with the admin identity; returns (status, body bytes)."""
        req = urllib.request.Request(self.url + path)
        try:
            with urllib.request.urlopen(req, context=self.ssl_context(), timeout=timeout) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM, wait, SIGKILL if needed. Returns the exit code (None if it had to be killed)."""
        code = terminate(self.proc, timeout) if self.proc is not None else None
        if self._log:
            self._log.close()
            self._log = None
        return code

    def cleanup(self):
        self.stop()
        if os.environ.get("KUBEPP_KEEP"):
            sys.stderr.write("kubepp integration: kept %s\n" % self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def log_tail(self, lines=60):
        try:
            with open(self.log_path, "rb") as f:
                return b"\n".join(f.read().splitlines()[-lines:]).decode(errors="replace")
        except OSError:
            return ""

    def env(self, **extra):
        """The environment for clients: our kubeconfig, a private HOME and kubectl cache."""
        env = dict(os.environ)
        env["KUBECONFIG"] = self.kubeconfig
        env["HOME"] = self.home
        env.pop("KUBECTL_EXTERNAL_DIFF", None)
        env.update(extra)
        return env

    def kubectl(self, *args, kubectl="kubectl", input=None, env=None, timeout=COMMAND_TIMEOUT,
                kubeconfig=None):
        """Runs kubectl against this server; returns CompletedProcess (text stdout/stderr)."""
        cmd = [kubectl, "--kubeconfig", kubeconfig or self.kubeconfig,
               "--cache-dir", os.path.join(self.tmp, "kube-cache")] + list(args)
        return subprocess.run(cmd, input=input, capture_output=True, text=True,
                              env=env or self.env(), timeout=timeout)

    def kubectl_bg(self, *args, kubectl="kubectl", env=None):
        """Starts kubectl in the background (e.g. `get -w`); returns a LineReader."""
        cmd = [kubectl, "--kubeconfig", self.kubeconfig,
               "--cache-dir", os.path.join(self.tmp, "kube-cache")] + list(args)
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env or self.env(), stdin=subprocess.DEVNULL)
        return LineReader(proc)


class LineReader:
    """Reads a background process's stdout lines on a thread so tests can wait for one."""

    def __init__(self, proc):
        self.proc = proc
        self.lines = []
        self._q = queue.Queue()
        self._t = threading.Thread(target=self._pump, daemon=True)
        self._t.start()

    def _pump(self):
        for line in self.proc.stdout:
            self._q.put(line.rstrip("\n"))
        self._q.put(None)

    def wait_line(self, pattern, timeout=60):
        """Waits for a line matching regex `pattern` (also among lines already read)."""
        rx = re.compile(pattern)
        for line in self.lines:
            if rx.search(line):
                return line
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no line matching %r within %ss; got:\n%s\nstderr: %s"
                                     % (pattern, timeout, "\n".join(self.lines), self._stderr()))
            try:
                line = self._q.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError("process ended before a line matching %r; got:\n%s\nstderr: %s"
                                     % (pattern, "\n".join(self.lines), self._stderr()))
            self.lines.append(line)
            if rx.search(line):
                return line

    def _stderr(self):
        if self.proc.poll() is None:
            return "(still running)"
        return self.proc.stderr.read()

    def stop(self):
        terminate(self.proc, 10)
        for f in (self.proc.stdout, self.proc.stderr):
            if f:
                f.close()


def read_kubeconfig(path):
    """The CA, client certificate and key (bytes) and server of a kubeconfig we wrote.

    A tiny reader for the flat `key: value` lines WriteKubeconfig emits; PyYAML is used
    when installed."""
    with open(path) as f:
        text = f.read()
    try:
        import yaml
        doc = yaml.safe_load(text)
        cluster = doc["clusters"][0]["cluster"]
        user = doc["users"][0]["user"]
        values = {"certificate-authority-data": cluster["certificate-authority-data"],
                  "client-certificate-data": user["client-certificate-data"],
                  "client-key-data": user["client-key-data"], "server": cluster["server"]}
    except ImportError:
        values = {}
        for line in text.splitlines():
            m = re.match(r"\s*([a-z-]+):\s*(.*)$", line)
            if m:
                values.setdefault(m.group(1), m.group(2).strip().strip('"'))
    return {"ca": base64.b64decode(values["certificate-authority-data"]),
            "cert": base64.b64decode(values["client-certificate-data"]),
            "key": base64.b64decode(values["client-key-data"]),
            "server": values["server"]}


class ServerTestCase(unittest.TestCase):
    """Base class: one server for all tests of the class, plus kubectl helpers."""

    server = None
    server_args = ()
    agent = False  # True: the server runs its kubelet and containerd (real containers)

    @classmethod
    def prepare_data_dir(cls, data_dir):
        """Runs before the server starts on its (not yet existing) data dir; tests that need a
        filesystem of their own there mount it here."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server(cls.server_args, agent=cls.agent)
        try:
            cls.prepare_data_dir(cls.server.data_dir)
            cls.server.start()
        except BaseException:
            cls.server.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None:
            cls.server.cleanup()

    def kubectl(self, *args, **kw):
        return self.server.kubectl(*args, **kw)

    def ok(self, *args, **kw):
        """Runs kubectl and asserts success; returns stdout."""
        r = self.server.kubectl(*args, **kw)
        self.assertEqual(r.returncode, 0, "kubectl %s failed (%d):\nstdout: %s\nstderr: %s"
                         % (" ".join(args), r.returncode, r.stdout, r.stderr))
        return r.stdout

    def fails(self, *args, **kw):
        """Runs kubectl and asserts failure; returns stderr."""
        r = self.server.kubectl(*args, **kw)
        self.assertNotEqual(r.returncode, 0, "kubectl %s unexpectedly succeeded:\n%s"
                            % (" ".join(args), r.stdout))
        return r.stderr

    def assertLines(self, expected, text, msg=None):
        """Asserts that every expected line (whitespace-normalized) appears in text."""
        got = normalize_ws(text).splitlines()
        for line in expected:
            self.assertIn(normalize_ws(line), got, msg or "in:\n%s" % text)

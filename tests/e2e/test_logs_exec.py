"""kubectl logs, exec, attach and port-forward through `kubepp server`: the apiserver's proxies
to the kubelet, the kubelet's API and containerd's streaming server, with real containers.

kubectl 1.30+ asks for exec over WebSocket (v5.channel.k8s.io) and 1.31+ for port-forward over
WebSocket (SPDY/3.1+portforward.k8s.io), which the apiserver translates to SPDY towards the
kubelet; older kubectl, or newer with KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false /
KUBECTL_PORT_FORWARD_WEBSOCKETS=false, speak SPDY, which is relayed. Each case runs kubectl with
-v=8 and checks the protocol it negotiated (and that it did not fall back).

Interactive sessions (exec -it, attach -it) run kubectl on a pseudo-terminal, as a user's shell
does: the test types into it and reads what the remote side shows."""

import fcntl
import itertools
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import unittest
import urllib.request

import e2e
import harness
from e2e import condition

BUSYBOX = "kubepp.local/busybox:1.35"


def pod_manifest(name, spec):
    return json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec})


KUBECTL_DIR = "/usr/lib/google-cloud-sdk/bin"


def kubectl_of(version):
    path = os.path.join(KUBECTL_DIR, "kubectl." + version)
    return path if os.path.exists(path) else None


def assert_protocol(test, verbose_stderr, protocol, what):
    """Asserts from kubectl's -v=8 log that the server switched to `protocol` at the first try.

    The headers of the 101 answer name it (Sec-Websocket-Protocol for WebSocket,
    X-Stream-Protocol-Version for SPDY); a client that fell back would log the fallback and
    send the other protocol's headers as well."""
    if os.environ.get("KUBEPP_SHOW_KUBECTL_LOG"):
        sys.stderr.write("=== %s\n%s\n" % (what, verbose_stderr))
    websocket = "+" in protocol or protocol.startswith("v5.")
    test.assertNotRegex(verbose_stderr, r"(?i)fallback", what)
    switched = verbose_stderr.find("101 Switching Protocols")
    test.assertGreaterEqual(switched, 0, "%s: no 101 answer in\n%s" % (what, verbose_stderr[-3000:]))
    answer = "\n".join(verbose_stderr[switched:].splitlines()[1:7])
    header = "Sec-Websocket-Protocol" if websocket else "X-Stream-Protocol-Version"
    test.assertRegex(answer, r"(?m)%s: %s$" % (header, re.escape(protocol)), what)
    other = "X-Stream-Protocol-Version" if websocket else "Sec-Websocket-Protocol"
    test.assertNotIn(other, verbose_stderr, what)


def remote_stderr(stderr):
    """kubectl's stderr without client-go's own log lines. Over WebSocket the apiserver says the
    session is open with an empty stdout message, as upstream's does; client-go's reader may see
    it before it has made its streams and logs "Unknown stream id 1, discarding message"."""
    return "".join(line for line in stderr.splitlines(True)
                   if not re.match(r"[IWE]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ \S+\.go:\d+\] ", line))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Each kubectl speaks the protocol of its release: 1.27 SPDY (v4.channel.k8s.io) for exec and
# attach, 1.33 WebSocket (v5.channel.k8s.io), which the apiserver translates to SPDY.
OLDEST, NEWEST = 27, 33
PROTOCOLS = {OLDEST: "v4.channel.k8s.io", NEWEST: "v5.channel.k8s.io"}

# The size of the terminal the pseudo-terminal sessions give kubectl, which it passes on.
ROWS, COLUMNS = 30, 100

# A shell loop for a container with stdin: answers every line it reads, saying whether its
# stdin is a terminal and the terminal's size (none until a client sets one); "exit" ends it
# without an answer. (When such a container exits, containerd 1.6 ends an attach without
# stdinOnce as soon as the container's stderr closes, which can be before it has passed on the
# last stdout: nothing is asserted of output written just before the exit.)
ECHO_LOOP = ('while read line; do if [ "$line" = exit ]; then exit 0; fi; '
             'if [ -t 0 ]; then t="tty $(stty size 2>/dev/null)"; else t=pipe; fi; echo "got $t: $line"; done')


def in_any_order(text, parts):
    """Whether `text` is `parts` one after the other, in some order."""
    return text in ("".join(p) for p in itertools.permutations(parts))


def ticks(text):
    """The numbers of the "tick N" lines of a log."""
    return [int(line.split()[1]) for line in text.splitlines()]


def oldest_and_newest(test):
    """[(minor, path)] of kubectl 1.27 and 1.33, which the kubectl package installs; their
    absence fails the test rather than skipping the protocols they speak."""
    kubectls = harness.versioned_kubectls()
    test.assertIn(OLDEST, kubectls, "kubectl 1.%d is not installed (dpkg -L kubectl)" % OLDEST)
    test.assertIn(NEWEST, kubectls, "kubectl 1.%d is not installed (dpkg -L kubectl)" % NEWEST)
    return [(OLDEST, kubectls[OLDEST]), (NEWEST, kubectls[NEWEST])]


class LoggedLineReader(harness.LineReader):
    """A LineReader of a kubectl whose stderr (its -v=8 log) goes to a file, not a pipe that
    could fill up and stall it."""

    def __init__(self, proc, log_path):
        self.log_path = log_path
        super().__init__(proc)

    def _stderr(self):
        with open(self.log_path) as f:
            return f.read()[-3000:]

    def log(self):
        with open(self.log_path) as f:
            return f.read()

    def stop(self):
        super().stop()
        if self.proc.stdin:
            self.proc.stdin.close()


class PtySession:
    """A command whose stdin and stdout are a pseudo-terminal of ROWS x COLUMNS, as in a user's
    shell; its stderr goes to a file. The test types into the terminal and reads what the
    command shows there."""

    def __init__(self, cmd, env, log_path):
        self.log_path = log_path
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.master = master
        self.output = b""
        self._cond = threading.Condition()
        self._eof = False
        with open(log_path, "w") as log_file:
            try:
                self.proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=log_file, env=env,
                                             start_new_session=True)
            finally:
                os.close(slave)  # ours: the terminal ends (EIO) once the command's copies close
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self):
        while True:
            try:
                data = os.read(self.master, 4096)
            except OSError:
                data = b""
            with self._cond:
                if not data:
                    self._eof = True
                    self._cond.notify_all()
                    return
                self.output += data
                self._cond.notify_all()

    def text(self):
        with self._cond:
            return self.output.decode(errors="replace")

    def expect(self, pattern, timeout=60):
        """Waits until the terminal has shown text matching regex `pattern`; returns the match."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                m = rx.search(self.output.decode(errors="replace"))
                if m:
                    return m
                left = deadline - time.monotonic()
                if left <= 0 or self._eof:
                    raise AssertionError("the terminal showed no %r %s; it shows:\n%r\nkubectl log: %s"
                                         % (pattern, "before it ended" if self._eof else "within %ss" % timeout,
                                            self.output.decode(errors="replace"), self.log()[-3000:]))
                self._cond.wait(left)

    def type(self, text):
        os.write(self.master, text.encode())

    def resize(self, rows, columns):
        """Resizes the terminal and tells the command, as a terminal emulator does."""
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.proc.send_signal(signal.SIGWINCH)

    def wait(self, timeout=60):
        """Waits for the command to exit and the terminal to drain; returns the exit code."""
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError("the command did not end within %ss; the terminal shows:\n%r\nkubectl log: %s"
                                 % (timeout, self.text(), self.log()[-3000:]))
        self._thread.join(timeout)
        return code

    def log(self):
        with open(self.log_path) as f:
            return f.read()

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._thread.join(10)
        if self.master is not None:
            os.close(self.master)
            self.master = None


class LogsExecTest(e2e.ClusterTestCase):

    def ready_pod(self, ns, name, spec):
        self.apply(pod_manifest(name, spec), ns)
        return self.wait_pod(name, ns, lambda p: condition(p, "Ready") == "True", "Ready")

    def test_logs_of_a_running_container(self):
        ns = self.namespace("logs")
        self.ready_pod(ns, "counter", {"containers": [{"name": "main", "image": BUSYBOX, "command": [
            "sh", "-c", "echo starting; echo oops >&2; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"]}]})
        harness.wait_for(lambda: "tick 3" in self.ok("logs", "counter", "-n", ns), 60, "a few ticks")
        out = self.ok("logs", "counter", "-n", ns).splitlines()
        # stdout and stderr come through separate pipes: their order is the runtime's.
        self.assertEqual(sorted(out[:3]), ["oops", "starting", "tick 0"], out[:5])
        self.assertEqual(len(self.ok("logs", "counter", "-n", ns, "--tail=2").splitlines()), 2)
        stamped = self.ok("logs", "counter", "-n", ns, "--tail=1", "--timestamps")
        self.assertRegex(stamped, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z tick \d+\n$")
        # Following keeps delivering new lines.
        follower = self.server.kubectl_bg("logs", "-f", "--tail=1", "counter", "-n", ns)
        try:
            first = int(follower.wait_line(r"^tick \d+$").split()[1])
            follower.wait_line(r"^tick %d$" % (first + 3))
        finally:
            follower.stop()
        self.assertIn('previous terminated container "main" in pod "counter" not found',
                      self.fails("logs", "counter", "-n", ns, "--previous"))

    def test_logs_of_the_previous_instance(self):
        ns = self.namespace("previous")
        self.apply(pod_manifest("crasher", {"containers": [{"name": "main", "image": BUSYBOX, "command": [
            "sh", "-c", "echo run $(cat /proc/sys/kernel/random/uuid); sleep 1; exit 1"]}]}), ns)
        self.wait_pod("crasher", ns, lambda p: e2e.container_status(p, "main").get("restartCount", 0) >= 1,
                      "restarted")
        previous = harness.wait_for(lambda: self.kubectl("logs", "crasher", "-n", ns, "--previous").stdout,
                                    60, "the previous instance's log")
        self.assertRegex(previous, r"^run [0-9a-f-]{36}\n$")

    def test_exec_runs_commands_in_the_container(self):
        ns = self.namespace("exec")
        self.ready_pod(ns, "shell", {"containers": [
            {"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"]},
            {"name": "side", "image": BUSYBOX, "command": ["sleep", "3600"]}]})
        self.assertEqual(self.ok("exec", "shell", "-n", ns, "-c", "main", "--", "echo", "hello"), "hello\n")
        err = self.fails("exec", "shell", "-n", ns, "-c", "nope", "--", "true")
        self.assertIn("container nope is not valid for pod shell", err)
        # Every protocol: WebSocket v5 (translated to SPDY by the apiserver), SPDY from a new
        # kubectl told not to use WebSocket, SPDY from an old kubectl.
        spdy_env = self.server.env(KUBECTL_REMOTE_COMMAND_WEBSOCKETS="false")
        cases = [("1.33", None, "v5.channel.k8s.io"), ("1.33", spdy_env, "v4.channel.k8s.io"),
                 ("1.30", None, "v5.channel.k8s.io"), ("1.27", None, "v4.channel.k8s.io")]
        for version, env, protocol in cases:
            kubectl = kubectl_of(version)
            if not kubectl:
                continue
            what = "kubectl %s %s" % (version, protocol)
            with self.subTest(what):
                # stdin from a pipe that ends reaches the command; its exit code comes back.
                r = self.kubectl("exec", "-i", "shell", "-n", ns, "-c", "side", "-v=8", "--", "sh", "-c",
                                 "cat; exit 3", input="from stdin", kubectl=kubectl, env=env)
                self.assertEqual((r.stdout, r.returncode), ("from stdin", 3), "%s: %s" % (what, r.stderr[-3000:]))
                assert_protocol(self, r.stderr, protocol, what)
                # stdout and stderr stay apart; no stdin at all.
                r = self.kubectl("exec", "shell", "-n", ns, "-c", "main", "--", "sh", "-c",
                                 "cat /etc/hostname; echo oops >&2", kubectl=kubectl, env=env)
                self.assertEqual((r.returncode, r.stdout, remote_stderr(r.stderr)), (0, "shell\n", "oops\n"), what)
                # A megabyte of stdin arrives whole.
                data = "".join("line %06d of the input\n" % i for i in range(40000))
                r = self.kubectl("exec", "-i", "shell", "-n", ns, "-c", "main", "--", "wc", "-c",
                                 input=data, kubectl=kubectl, env=env)
                self.assertEqual((r.returncode, r.stdout.strip()), (0, str(len(data))), "%s: %s" % (what, r.stderr))

    def test_cp_into_and_out_of_a_pod(self):
        ns = self.namespace("cp")
        self.ready_pod(ns, "box", {"containers": [{"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"]}]})
        content = "".join("copied line %d\n" % i for i in range(5000))
        for version in ("1.33", "1.27"):
            kubectl = kubectl_of(version)
            if not kubectl:
                continue
            with tempfile.TemporaryDirectory() as tmp:
                src = os.path.join(tmp, "upload.txt")
                with open(src, "w") as f:
                    f.write(content)
                target = "/tmp/upload-%s.txt" % version
                self.ok("cp", src, "%s/box:%s" % (ns, target), kubectl=kubectl)
                self.assertEqual(self.ok("exec", "box", "-n", ns, "--", "cat", target, kubectl=kubectl), content)
                back = os.path.join(tmp, "download.txt")
                self.ok("cp", "%s/box:%s" % (ns, target), back, kubectl=kubectl)
                with open(back) as f:
                    self.assertEqual(f.read(), content, "kubectl %s" % version)

    def test_port_forward_reaches_a_server_in_the_pod(self):
        ns = self.namespace("forward")
        self.ready_pod(ns, "web", {"containers": [{"name": "main", "image": BUSYBOX, "command": [
            "sh", "-c", "mkdir -p /www && echo served-from-the-pod > /www/index.html && httpd -f -p 8080 -h /www"]}]})
        spdy_env = self.server.env(KUBECTL_PORT_FORWARD_WEBSOCKETS="false")
        cases = [("1.33", None, "SPDY/3.1+portforward.k8s.io"), ("1.33", spdy_env, "portforward.k8s.io"),
                 ("1.27", None, "portforward.k8s.io")]
        for version, env, protocol in cases:
            kubectl = kubectl_of(version)
            if not kubectl:
                continue
            what = "kubectl %s %s" % (version, protocol)
            with self.subTest(what):
                port = free_port()
                # kubectl -v=8 logs every tunnelled message: its log goes to a file, not a pipe.
                log_path = os.path.join(self.server.tmp, "port-forward-%d.log" % port)
                with open(log_path, "w") as log_file:
                    proc = subprocess.Popen(
                        [kubectl, "--kubeconfig", self.server.kubeconfig, "port-forward", "pod/web", "-n", ns,
                         "%d:8080" % port, "-v=8"],
                        stdout=subprocess.PIPE, stderr=log_file, stdin=subprocess.DEVNULL, text=True,
                        env=env or self.server.env())
                forwarder = harness.LineReader(proc)
                try:
                    forwarder.wait_line(r"Forwarding from 127\.0\.0\.1:%d" % port)
                    for _ in range(3):  # each request is a new stream in the session
                        body = harness.wait_for(
                            lambda: urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=10).read().decode(),
                            60, "the pod's server through port-forward")
                        self.assertEqual(body, "served-from-the-pod\n")
                finally:
                    forwarder.stop()
                with open(log_path) as f:
                    log = f.read()
                assert_protocol(self, log, protocol, what)

    def kubectl_command(self, kubectl, *args):
        return [kubectl, "--kubeconfig", self.server.kubeconfig,
                "--cache-dir", os.path.join(self.server.tmp, "kube-cache")] + list(args)

    def log_path(self, what):
        fd, path = tempfile.mkstemp(prefix=re.sub(r"\W+", "-", what) + "-", suffix=".log", dir=self.server.tmp)
        os.close(fd)
        return path

    def start_kubectl(self, kubectl, *args, stdin=subprocess.DEVNULL):
        """kubectl in the background with its stderr in a file; stopped at the test's end."""
        log_path = self.log_path(" ".join(args[:2]))
        with open(log_path, "w") as log_file:
            proc = subprocess.Popen(self.kubectl_command(kubectl, *args), stdin=stdin, stdout=subprocess.PIPE,
                                    stderr=log_file, text=True, env=self.server.env())
        reader = LoggedLineReader(proc, log_path)
        self.addCleanup(reader.stop)
        return reader

    def pty_kubectl(self, kubectl, *args):
        """kubectl on a pseudo-terminal, as a user runs it; killed at the test's end if still running."""
        session = PtySession(self.kubectl_command(kubectl, *args), self.server.env(),
                             self.log_path(" ".join(args[:2])))
        self.addCleanup(session.close)
        return session

    def test_logs_of_every_container(self):
        ns = self.namespace("all-containers")
        # Two running containers; and a pod whose init container and two containers have run.
        self.apply(pod_manifest("pair", {"containers": [
            {"name": "left", "image": BUSYBOX, "command": ["sh", "-c", "echo left 1; echo left 2; sleep 3600"]},
            {"name": "right", "image": BUSYBOX, "command": ["sh", "-c", "echo right 1; sleep 3600"]}]}), ns)
        self.apply(pod_manifest("steps", {"restartPolicy": "Never", "initContainers": [
            {"name": "setup", "image": BUSYBOX, "command": ["sh", "-c", "echo setting up; echo set up"]}],
            "containers": [
                {"name": "first", "image": BUSYBOX, "command": ["sh", "-c", "echo first 1; echo first 2"]},
                {"name": "second", "image": BUSYBOX, "command": ["sh", "-c", "echo second 1; echo second 2"]}]}), ns)
        self.wait_pod("pair", ns, lambda p: condition(p, "Ready") == "True", "Ready")
        self.wait_pod("steps", ns, lambda p: e2e.phase(p) == "Succeeded", "Succeeded")
        # Each container's log whole, init containers' too. kubectl asks for them one after the
        # other but keeps its requests in a Go map: the containers come in no set order.
        pair = {"left": ["left 1", "left 2"], "right": ["right 1"]}
        steps = {"setup": ["setting up", "set up"], "first": ["first 1", "first 2"],
                 "second": ["second 1", "second 2"]}
        for minor, kubectl in oldest_and_newest(self):
            with self.subTest("kubectl 1.%d" % minor):
                for pod, logs in (("pair", pair), ("steps", steps)):
                    plain = ["".join(line + "\n" for line in lines) for lines in logs.values()]
                    harness.wait_for(
                        lambda: in_any_order(self.ok("logs", pod, "-n", ns, "--all-containers", kubectl=kubectl),
                                             plain),
                        30, "every container's log of %s" % pod)
                    prefixed = ["".join("[pod/%s/%s] %s\n" % (pod, c, line) for line in lines)
                                for c, lines in logs.items()]
                    out = self.ok("logs", pod, "-n", ns, "--all-containers", "--prefix", kubectl=kubectl)
                    self.assertTrue(in_any_order(out, prefixed), out)
                # Following every container of a finished pod ends with the last log; the
                # streams run side by side, so only each container's own order is kept.
                out = self.ok("logs", "steps", "-n", ns, "--all-containers", "--prefix", "-f", kubectl=kubectl,
                              timeout=60)
                self.assertEqual(len(out.splitlines()), sum(len(lines) for lines in steps.values()), out)
                for container, lines in steps.items():
                    tag = "[pod/steps/%s] " % container
                    self.assertEqual([l[len(tag):] for l in out.splitlines() if l.startswith(tag)], lines, out)

    def test_logs_with_the_oldest_and_newest_kubectl(self):
        ns = self.namespace("logs-versions")
        self.apply(pod_manifest("ticker", {"containers": [{"name": "main", "image": BUSYBOX, "command": [
            "sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"]}]}), ns)
        self.apply(pod_manifest("crasher", {"containers": [{"name": "main", "image": BUSYBOX, "command": [
            "sh", "-c", "echo run $(cat /proc/sys/kernel/random/uuid); sleep 1; exit 1"]}]}), ns)
        self.wait_pod("ticker", ns, lambda p: condition(p, "Ready") == "True", "Ready")
        self.wait_pod("crasher", ns, lambda p: e2e.container_status(p, "main").get("restartCount", 0) >= 1,
                      "restarted")
        for minor, kubectl in oldest_and_newest(self):
            with self.subTest("kubectl 1.%d" % minor):
                harness.wait_for(lambda: "tick 3\n" in self.ok("logs", "ticker", "-n", ns, kubectl=kubectl), 60,
                                 "a few ticks")
                seen = ticks(self.ok("logs", "ticker", "-n", ns, kubectl=kubectl))
                self.assertEqual(seen, list(range(len(seen))))
                tail = ticks(self.ok("logs", "ticker", "-n", ns, "--tail=3", kubectl=kubectl))
                self.assertEqual(len(tail), 3)
                self.assertEqual(tail, list(range(tail[0], tail[0] + 3)))
                self.assertGreaterEqual(tail[0], seen[-1] - 2)
                # Following goes on delivering new lines until stopped.
                follower = self.start_kubectl(kubectl, "logs", "-f", "--tail=1", "ticker", "-n", ns)
                first = int(follower.wait_line(r"^tick \d+$").split()[1])
                follower.wait_line(r"^tick %d$" % (first + 3))
                follower.stop()
                # ... and ends by itself when the container does.
                name = "count-%d" % minor
                self.apply(pod_manifest(name, {"restartPolicy": "Never", "containers": [
                    {"name": "main", "image": BUSYBOX, "command": [
                        "sh", "-c", "i=1; while [ $i -le 20 ]; do echo line $i; i=$((i+1)); sleep 0.1; done"]}]}), ns)
                self.wait_pod(name, ns, lambda p: e2e.phase(p) in ("Running", "Succeeded"), "started")
                self.assertEqual(self.ok("logs", "-f", name, "-n", ns, kubectl=kubectl, timeout=60),
                                 "".join("line %d\n" % i for i in range(1, 21)))
                previous = harness.wait_for(
                    lambda: self.kubectl("logs", "crasher", "-n", ns, "--previous", kubectl=kubectl).stdout,
                    60, "the previous instance's log")
                self.assertRegex(previous, r"^run [0-9a-f-]{36}\n$")
                self.assertIn('previous terminated container "main" in pod "ticker" not found',
                              self.fails("logs", "ticker", "-n", ns, "--previous", kubectl=kubectl))

    def test_attach_to_a_running_container(self):
        ns = self.namespace("attach")
        containers = [{"name": "ticker", "image": BUSYBOX, "command": [
            "sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"]}]
        versions = oldest_and_newest(self)
        for minor, _ in versions:
            containers.append({"name": "pipe-%d" % minor, "image": BUSYBOX, "stdin": True,
                               "command": ["sh", "-c", ECHO_LOOP]})
            containers.append({"name": "tty-%d" % minor, "image": BUSYBOX, "stdin": True, "tty": True,
                               "command": ["sh", "-c", ECHO_LOOP]})
            containers.append({"name": "once-%d" % minor, "image": BUSYBOX, "stdin": True, "stdinOnce": True,
                               "command": ["sh", "-c", "cat; echo end of input"]})
        self.ready_pod(ns, "box", {"restartPolicy": "Never", "containers": containers})
        for minor, kubectl in versions:
            what = "kubectl 1.%d %s" % (minor, PROTOCOLS[minor])
            with self.subTest(what):
                # Without stdin: what the container prints from now on.
                watcher = self.start_kubectl(kubectl, "attach", "box", "-n", ns, "-c", "ticker", "-v=8")
                first = int(watcher.wait_line(r"^tick \d+$").split()[1])
                watcher.wait_line(r"^tick %d$" % (first + 2))
                watcher.stop()
                assert_protocol(self, watcher.log(), PROTOCOLS[minor], what + " attach")
                # Stdin from a pipe: each line is answered; the attach ends with the container.
                # (The pipe stays open: as with upstream's containerd, the end of the input ends
                # an attach to a container without stdinOnce.)
                talker = self.start_kubectl(kubectl, "attach", "-i", "box", "-n", ns, "-c", "pipe-%d" % minor,
                                            "-v=8", stdin=subprocess.PIPE)
                for line in ("hello", "world", "exit"):
                    talker.proc.stdin.write(line + "\n")
                    talker.proc.stdin.flush()
                    if line != "exit":
                        talker.wait_line(r"^got pipe: %s$" % line)
                try:
                    code = talker.proc.wait(60)
                except subprocess.TimeoutExpired:
                    self.fail("kubectl attach went on after the container ended: %s" % talker.log()[-3000:])
                self.assertEqual(code, 0, talker.log()[-3000:])
                assert_protocol(self, talker.log(), PROTOCOLS[minor], what + " attach -i")
                # With stdinOnce the end of the input closes the container's stdin; the attach goes
                # on until the container ends.
                r = self.kubectl("attach", "-i", "box", "-n", ns, "-c", "once-%d" % minor, input="hello\nworld\n",
                                 kubectl=kubectl, timeout=60)
                self.assertEqual((r.returncode, r.stdout), (0, "hello\nworld\nend of input\n"), r.stderr)
                # A terminal: the container's stdin is one, which takes kubectl's size once kubectl
                # sends it (first one row and column more, so that full-screen programs redraw);
                # typed lines are answered meanwhile.
                session = self.pty_kubectl(kubectl, "attach", "-i", "-t", "box", "-n", ns, "-c", "tty-%d" % minor,
                                           "-v=8")
                pings = iter(range(1, 1000))

                def answer():
                    n = next(pings)
                    session.type("ping %d\r" % n)
                    return session.expect(r"got tty ([\d ]*): ping %d\r\n" % n, 30).group(1)
                harness.wait_for(lambda: answer() == "%d %d" % (ROWS, COLUMNS), 60,
                                 "the attached terminal to take kubectl's size")
                session.type("exit\r")
                self.assertEqual(session.wait(), 0, session.text())
                assert_protocol(self, session.log(), PROTOCOLS[minor], what + " attach -i -t")
                self.wait_pod("box", ns, lambda p: all(
                    e2e.container_status(p, c).get("state", {}).get("terminated", {}).get("exitCode") == 0
                    for c in ("pipe-%d" % minor, "tty-%d" % minor, "once-%d" % minor)),
                    "the attached containers to have exited")

    def test_interactive_exec_on_a_terminal(self):
        ns = self.namespace("exec-tty")
        self.ready_pod(ns, "shell", {"containers": [{"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"]}]})
        for minor, kubectl in oldest_and_newest(self):
            what = "kubectl 1.%d %s" % (minor, PROTOCOLS[minor])
            with self.subTest(what):
                # A shell on a terminal of kubectl's size, typed into as a user does.
                session = self.pty_kubectl(kubectl, "exec", "-i", "-t", "shell", "-n", ns, "-v=8", "--", "sh")
                session.expect(r"/ # ")  # the prompt; busybox then asks where the cursor is
                session.type("[ -t 0 ] && [ -t 1 ] && echo tty-$((1+1)); stty size; echo $((6*7))\r")
                session.expect(r"(?m)^42\r$")
                shown = session.text()
                self.assertRegex(shown, r"(?m)^tty-2\r$")
                self.assertRegex(shown, r"(?m)^%d %d\r$" % (ROWS, COLUMNS))
                # A resized terminal resizes the remote one (kubectl passes it on at SIGWINCH).
                session.resize(ROWS + 10, COLUMNS + 20)
                asks = iter(range(1, 1000))

                def remote_size():
                    n = next(asks)
                    session.type("echo size-%d $(stty size)\r" % n)
                    return session.expect(r"size-%d (\d+ \d+)\r" % n, 30).group(1)
                harness.wait_for(lambda: remote_size() == "%d %d" % (ROWS + 10, COLUMNS + 20), 60,
                                 "the remote terminal to be resized")
                session.type("exit\r")
                self.assertEqual(session.wait(), 0, session.text())
                assert_protocol(self, session.log(), PROTOCOLS[minor], what)
                # A command's exit code comes back from a terminal too.
                session = self.pty_kubectl(kubectl, "exec", "-i", "-t", "shell", "-n", ns, "--", "sh", "-c",
                                           "tty; exit 3")
                self.assertEqual(session.wait(), 3, session.text())
                self.assertRegex(session.text(), r"(?m)^/dev/pts/\d+\r$")
                self.assertIn("command terminated with exit code 3", session.log())

    def test_node_proxy_reaches_the_kubelet(self):
        self.assertEqual(self.ok("get", "--raw", "/api/v1/nodes/%s/proxy/healthz" % self.node), "ok")
        pods = json.loads(self.ok("get", "--raw", "/api/v1/nodes/%s/proxy/pods" % self.node))
        self.assertEqual(pods["kind"], "PodList")


if __name__ == "__main__":
    unittest.main()

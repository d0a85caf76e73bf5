"""kubepp's supervised containerd: `kubepp containerd` writes containerd's configuration under
its data dir, starts it, imports kubepp's own images, and restarts it when it dies; kubepp's CRI
client (kubepp_cri_check) runs real pods through it. Then what the kubelet relies on across
restarts: a containerd that dies is restarted and keeps the containers, a containerd left over
by a killed kubepp is replaced, images are imported once, and stopping with
--remove-containers-on-exit leaves no process or mount behind.

Needs root, containerd, runc and the CNI plugins (scripts/setup.sh installs them).
One containerd serves the whole module; the tests run in name order.
"""

import os
import re
import signal
import subprocess
import unittest

import harness
import runtime_harness

CHECK_TIMEOUT = 600


def cri_check_bin():
    path = os.environ.get("KUBEPP_CRI_CHECK") or os.path.join(
        harness.REPO, "build", "tests", "integration", "kubepp_cri_check")
    if not os.access(path, os.X_OK):
        raise unittest.SkipTest("kubepp_cri_check not found at %s (set KUBEPP_CRI_CHECK)" % path)
    return path


def image_count():
    images = os.path.join(os.path.dirname(harness.kubepp_bin()), "images")
    return len([f for f in os.listdir(images) if f.endswith(".tar")]) if os.path.isdir(images) else 0


class SupervisedContainerdTest(unittest.TestCase):

    runtime = None

    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            raise unittest.SkipTest("containerd needs root")
        for tool in ("containerd", "ctr", "runc"):
            if not any(os.access(os.path.join(d, tool), os.X_OK) for d in os.environ["PATH"].split(":")):
                raise unittest.SkipTest("%s is not installed (scripts/setup.sh)" % tool)
        cls.check = cri_check_bin()
        cls.runtime = runtime_harness.SupervisedContainerd(["--remove-containers-on-exit"])
        try:
            # A subnet of its own per run: pods of concurrent runs never share addresses.
            cls.runtime.write_pod_network("10.254.%d.0/24" % (os.getpid() % 250))
            cls.runtime.start()
        except BaseException:
            cls.runtime.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.runtime is not None:
            cls.runtime.cleanup()

    def run_check(self, *args, **env):
        r = subprocess.run([self.check, "--gtest_brief=1"] + list(args), capture_output=True, text=True,
                           env=self.runtime.env(**env), timeout=CHECK_TIMEOUT)
        self.assertEqual(r.returncode, 0, "kubepp_cri_check failed:\n%s\n%s\ncontainerd log:\n%s"
                         % (r.stdout[-6000:], r.stderr[-2000:], self.runtime.log_tail()))
        return r.stdout

    def wait_containerd_serving(self, not_pid=0):
        """Waits until a containerd other than `not_pid` runs and answers; returns its PID."""
        def serving():
            pid = self.runtime.containerd_pid()
            if pid == 0 or pid == not_pid or not runtime_harness.process_alive(pid):
                return 0
            return pid if self.runtime.ctr("version", check=False, timeout=10).returncode == 0 else 0
        return harness.wait_for(serving, 90, "a serving containerd")

    def test_a_images_imported_at_first_start(self):
        count = image_count()
        self.assertGreaterEqual(count, 6)
        self.assertIn("%d imported, 0 already present" % count, harness.normalize_ws(self.runtime.log_tail()))
        names = self.runtime.ctr("images", "ls", "-q").stdout.split()
        for name in ("kubepp.local/pause:3.9", "docker.io/library/busybox:1.35", "docker.io/library/myblog:v1",
                     "10.2.2.10:5000/myblog:v2", "10.2.2.10:5000/mysql:5.7-utf8", "kubepp.local/stress:1"):
            self.assertIn(name, names)

    def test_b_pods_through_kubepps_cri_client(self):
        out = self.run_check()
        passed = re.search(r"\[  PASSED  \] (\d+) tests?", out)
        self.assertTrue(passed and int(passed.group(1)) >= 10, out)

    def test_c_a_dead_containerd_is_restarted_and_containers_survive(self):
        rt = self.runtime
        name = "kubepp-survivor-%d" % os.getpid()
        rt.ctr("run", "-d", "--cgroup", rt.cgroup + "/" + name, "kubepp.local/busybox:1.35", name, "sleep", "3600")
        try:
            task_pid = int(re.search(r"^%s\s+(\d+)\s+RUNNING" % name, rt.ctr("tasks", "ls").stdout, re.M).group(1))
            old = rt.containerd_pid()
            os.kill(old, signal.SIGKILL)
            new = self.wait_containerd_serving(not_pid=old)
            self.assertNotEqual(new, old)
            self.assertIn("restarting in", rt.log_tail())
            # The shim outlived containerd; the new containerd found the task again.
            self.assertTrue(runtime_harness.process_alive(task_pid))
            self.assertRegex(rt.ctr("tasks", "ls").stdout, r"(?m)^%s\s+%d\s+RUNNING" % (name, task_pid))
        finally:
            rt.ctr("tasks", "kill", "--signal", "SIGKILL", name, check=False)
            harness.wait_for(lambda: not re.search(r"(?m)^%s\s+\d+\s+RUNNING" % name, rt.ctr("tasks", "ls").stdout),
                             30, "the survivor task to stop")
            rt.ctr("tasks", "delete", name, check=False)
            rt.ctr("containers", "delete", name, check=False)

    def test_d_a_containerd_left_by_a_killed_kubepp_is_replaced(self):
        rt = self.runtime
        orphan = rt.containerd_pid()
        self.assertTrue(runtime_harness.process_alive(orphan))
        rt.stop(signal.SIGKILL)
        # kubepp is gone; its containerd keeps running (its own process group).
        self.assertTrue(runtime_harness.process_alive(orphan))
        rt.start()
        harness.wait_for(lambda: not runtime_harness.process_alive(orphan), 30, "the orphaned containerd to end")
        self.assertNotEqual(rt.containerd_pid(), orphan)
        self.assertIn("left running", rt.log_tail())
        # Nothing changed in the images: nothing is imported again.
        self.assertIn("0 imported, %d already present" % image_count(), harness.normalize_ws(rt.log_tail()))

    def test_e_stop_removes_every_pod_and_mount(self):
        rt = self.runtime
        self.run_check("--gtest_filter=CriCheck.LeavesAPodRunning", KUBEPP_CRI_LEAVE_RUNNING="1")
        pids, mounts = rt.leftovers()
        shims = [p for p in pids if b"containerd-shim" in runtime_harness._read("/proc/%d/cmdline" % p, "rb")]
        self.assertTrue(shims, "a pod should be running before the stop")
        self.assertTrue(mounts, "the running pod should have mounts under the data dir")
        self.assertEqual(rt.stop(signal.SIGTERM), 0, rt.log_tail())
        harness.wait_for(lambda: not any(runtime_harness.process_alive(p) for p in pids), 30,
                         "every process of the runtime and its pods to end")
        self.assertEqual(runtime_harness.mounts_under(rt.tmp), [])
        self.assertIn("removed 1 pod sandboxes", rt.log_tail())


if __name__ == "__main__":
    unittest.main()

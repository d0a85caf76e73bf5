"""Local ephemeral storage on `kubepp server`: storage limits and disk pressure.

The kubelet's root directory (pods' volumes, logs and etc-hosts: the node filesystem, nodefs) and
containerd's root (images and containers' writable layers: the image filesystem, imagefs) are small
ext4 filesystems of the test's own on loop devices, so pods can fill them without touching the
machine's disk. With images on a filesystem of their own, a container's own limit counts its logs
only. Volumes are measured every
second (--volume-stats-agg-period) instead of every minute.

- A pod is evicted at once when an emptyDir holds more than its sizeLimit, when the pod uses more
  than its containers' ephemeral-storage limits together, or when a container's logs exceed its own
  limit, each with upstream's message and without a DisruptionTarget condition.
- A pod that fills nodefs below nodefs.available: the node reports DiskPressure and is tainted for
  it, the pod is evicted for ephemeral-storage, new pods are refused; its emptyDir goes with it, so
  the pressure clears after the transition period. The same with inodes (nodefs.inodesFree): the
  filesystem has few of them, and a pod creating files runs it low.
- A container filling its writable layer runs imagefs low: its pod is evicted, and removing the
  dead container then frees the disk without evicting anything more; kubepp's images stay.
"""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

import e2e
import harness
from e2e import binary_bytes, has_taint, node_condition, phase

MI = 1 << 20
BUSYBOX = "kubepp.local/busybox:1.35"
NODEFS_SIZE = 384 * MI
NODEFS_INODES = 4096
IMAGEFS_SIZE = 512 * MI
IMAGEFS_THRESHOLD = 300  # MiB: imagefs.available<300Mi
LAYER = 250  # MiB the image-pressure pod writes into its writable layer
THRESHOLD = 150  # MiB: nodefs.available<150Mi
FILL = 250  # MiB the disk-pressure pod writes
INODES_THRESHOLD = 1000  # nodefs.inodesFree<1000
FILES = 3500  # files the inode-pressure pod creates
TRANSITION = 30  # seconds: --eviction-pressure-transition-period


def pod(name, containers, volumes=(), node=None):
    spec = {"terminationGracePeriodSeconds": 5, "containers": containers, "volumes": list(volumes)}
    if node:
        spec["nodeName"] = node
    return json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec})


def shell(name, script, limit=None, mounts=()):
    c = {"name": name, "image": BUSYBOX, "command": ["sh", "-c", script],
         "volumeMounts": [{"name": m, "mountPath": "/" + m} for m in mounts]}
    if limit:
        c["resources"] = {"limits": {"ephemeral-storage": limit}}
    return c


def make_loop_fs(image, mountpoint, size, inodes=None):
    """An ext4 filesystem of `size` bytes in the sparse file `image`, mounted at `mountpoint`."""
    os.makedirs(mountpoint, exist_ok=True)
    with open(image, "wb") as f:
        f.truncate(size)
    mkfs = ["mkfs.ext4", "-q", "-F", "-m", "0"] + (["-N", str(inodes)] if inodes else []) + [image]
    subprocess.run(mkfs, check=True)
    subprocess.run(["mount", "-o", "loop", image, mountpoint], check=True)


def release_loop_fs(mountpoint):
    """Unmounts what is left below `mountpoint` (returned), then the filesystem itself."""
    leftovers = e2e.mounts_under(mountpoint + "/")
    for m in sorted(leftovers, key=len, reverse=True):
        subprocess.run(["umount", "-l", m], check=False)
    subprocess.run(["umount", mountpoint], check=False, stderr=subprocess.DEVNULL)
    return leftovers


class LocalStorageTest(e2e.ClusterTestCase):

    @classmethod
    def setUpClass(cls):
        e2e.require_root()
        if not os.path.exists("/dev/loop-control"):
            raise unittest.SkipTest("the node filesystems of this test are loop devices; the machine has none")
        cls.scratch = tempfile.mkdtemp(prefix="kubepp-nodefs-")
        cls.root_dir = os.path.join(cls.scratch, "kubelet")
        cls.image_root = None
        cls.leftovers = []
        try:
            make_loop_fs(os.path.join(cls.scratch, "nodefs.img"), cls.root_dir, NODEFS_SIZE, NODEFS_INODES)
        except BaseException:
            shutil.rmtree(cls.scratch, ignore_errors=True)
            raise
        cls.server_args = ("--remove-pods-on-exit", "--root-dir=" + cls.root_dir,
                           "--volume-stats-agg-period=1s",
                           "--eviction-hard=memory.available<100Mi,nodefs.available<%dMi,nodefs.inodesFree<%d,"
                           "imagefs.available<%dMi" % (THRESHOLD, INODES_THRESHOLD, IMAGEFS_THRESHOLD),
                           "--eviction-pressure-transition-period=%ds" % TRANSITION)
        try:
            super().setUpClass()
        except BaseException:
            cls.release_data_dir(None)
            release_loop_fs(cls.root_dir)
            shutil.rmtree(cls.scratch, ignore_errors=True)
            raise

    @classmethod
    def prepare_data_dir(cls, data_dir):
        # containerd's root (images, and containers' writable layers): the image filesystem.
        cls.image_root = os.path.join(data_dir, "containerd", "root")
        make_loop_fs(os.path.join(cls.scratch, "imagefs.img"), cls.image_root, IMAGEFS_SIZE)

    @classmethod
    def release_data_dir(cls, data_dir):
        if cls.image_root:
            cls.leftovers += release_loop_fs(cls.image_root)
            cls.image_root = None

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.release_data_dir(None)
            leftovers = cls.leftovers + release_loop_fs(cls.root_dir)
            shutil.rmtree(cls.scratch, ignore_errors=True)
        if leftovers:
            raise AssertionError("mounts left on the node's filesystems: %s" % leftovers)

    def wait_no_disk_pressure(self):
        self.wait_node(lambda n: node_condition(n, "DiskPressure").get("status") == "False",
                       "DiskPressure=False", TRANSITION + 60)

    def assert_evicted(self, p, message):
        status = p["status"]
        self.assertEqual((status.get("phase"), status.get("reason"), status.get("message")),
                         ("Failed", "Evicted", message))
        # Upstream sets no DisruptionTarget for storage limits.
        self.assertNotIn("DisruptionTarget", [c["type"] for c in status.get("conditions", [])])

    def test_pods_over_their_storage_limits_are_evicted(self):
        self.wait_no_disk_pressure()
        ns = self.namespace("limits")
        forever = "sleep 3600"
        self.apply(pod("emptydir", [shell("writer", "dd if=/dev/zero of=/cache/fill bs=1M count=3; " + forever,
                                          mounts=["cache"])],
                       [{"name": "cache", "emptyDir": {"sizeLimit": "1Mi"}}]), ns)
        self.apply(pod("whole-pod", [shell("writer", "dd if=/dev/zero of=/scratch/fill bs=1M count=4; " + forever,
                                           limit="2Mi", mounts=["scratch"])],
                       [{"name": "scratch", "emptyDir": {}}]), ns)
        # 100,000 log lines, over 4 MiB with the runtime's line prefixes: over the logger's own 1Mi,
        # well under the 11Mi both containers may use together.
        self.apply(pod("one-container", [shell("logger", "seq 1 100000; " + forever, limit="1Mi"),
                                         shell("quiet", forever, limit="10Mi")]), ns)
        self.apply(pod("within", [shell("writer", "dd if=/dev/zero of=/cache/fill bs=1K count=100; " + forever,
                                        limit="2Mi", mounts=["cache"])],
                       [{"name": "cache", "emptyDir": {"sizeLimit": "1Mi"}}]), ns)

        evicted = lambda p: phase(p) == "Failed"  # noqa: E731
        self.assert_evicted(self.wait_pod("emptydir", ns, evicted, "evicted"),
                            'Usage of EmptyDir volume "cache" exceeds the limit "1Mi". ')
        self.assert_evicted(self.wait_pod("whole-pod", ns, evicted, "evicted"),
                            "Pod ephemeral local storage usage exceeds the total limit of containers 2Mi. ")
        self.assert_evicted(self.wait_pod("one-container", ns, evicted, "evicted"),
                            'Container logger exceeded its local ephemeral storage limit "1Mi". ')
        events = json.loads(self.ok("get", "events", "-n", ns, "-o", "json"))["items"]
        evicted_events = sorted(e["involvedObject"]["name"] for e in events if e["reason"] == "Evicted")
        self.assertEqual(evicted_events, ["emptydir", "one-container", "whole-pod"])
        # The pod within its limits runs on; no limit raised any pressure.
        self.assertEqual(phase(self.pod("within", ns)), "Running")
        self.assertEqual(node_condition(self.node_object(), "DiskPressure").get("status"), "False")

    def test_creating_many_files_raises_disk_pressure(self):
        self.wait_no_disk_pressure()
        ns = self.namespace("inodes")
        script = 'i=0; while [ $i -lt %d ]; do : > /fill/f$i; i=$((i+1)); done; sleep 3600' % FILES
        self.apply(pod("files", [shell("files", script, mounts=["fill"])], [{"name": "fill", "emptyDir": {}}]), ns)
        p = self.wait_pod("files", ns, lambda p: phase(p) == "Failed", "evicted")
        self.assertEqual(p["status"].get("reason"), "Evicted")
        # Upstream names no container for inodes.
        self.assertRegex(p["status"].get("message", ""),
                         r"^The node was low on resource: inodes\. Threshold quantity: 1k, available: \d+\. $")
        node = self.wait_node(lambda n: node_condition(n, "DiskPressure").get("status") == "True" and n,
                              "DiskPressure=True", 30)
        self.assertEqual(node_condition(node, "DiskPressure")["reason"], "KubeletHasDiskPressure")
        # The files go with the pod's emptyDir, and with them the pressure.
        self.wait_no_disk_pressure()
        self.assertGreater(os.statvfs(self.root_dir).f_ffree, INODES_THRESHOLD)

    def test_filling_the_image_filesystem_raises_disk_pressure(self):
        self.wait_no_disk_pressure()
        ns = self.namespace("layers")
        # /tmp is in the container's writable layer, on containerd's filesystem.
        self.apply(pod("layer", [shell("layer", "dd if=/dev/zero of=/tmp/fill bs=1M count=%d; sync; sleep 3600"
                                       % LAYER)]), ns)
        p = self.wait_pod("layer", ns, lambda p: phase(p) == "Failed", "evicted")
        self.assertEqual(p["status"].get("reason"), "Evicted")
        self.assertRegex(p["status"].get("message", ""),
                         r"^The node was low on resource: ephemeral-storage\. "
                         r"Threshold quantity: %dMi, available: \d+(Ki|Mi)\. " % IMAGEFS_THRESHOLD
                         + r"(Container layer was using \d+(Ki|Mi)?, request is 0, has larger consumption of "
                           r"ephemeral-storage\. )?$")
        node = self.wait_node(lambda n: node_condition(n, "DiskPressure").get("status") == "True" and n,
                              "DiskPressure=True", 30)
        self.assertEqual(node_condition(node, "DiskPressure")["reason"], "KubeletHasDiskPressure")
        # The dead container's writable layer still holds the disk: under pressure the kubelet
        # removes dead containers before evicting anyone else, and the pressure goes.
        self.wait_no_disk_pressure()
        st = os.statvfs(self.image_root)
        self.assertGreater(st.f_bavail * st.f_frsize, IMAGEFS_THRESHOLD * MI)
        # kubepp's own images were never collected for it: a new pod starts from them.
        self.apply(pod("after", [shell("after", "sleep 3600")]), ns)
        self.wait_pod("after", ns, lambda p: phase(p) == "Running", "Running")

    def test_filling_the_node_filesystem_raises_disk_pressure(self):
        self.wait_no_disk_pressure()
        node = self.node_object()
        # The node's ephemeral storage is the filesystem of the kubelet's root directory.
        st = os.statvfs(self.root_dir)
        self.assertEqual(binary_bytes(node["status"]["capacity"]["ephemeral-storage"]), st.f_blocks * st.f_frsize)
        self.assertEqual(node_condition(node, "DiskPressure").get("reason"), "KubeletHasNoDiskPressure")

        ns = self.namespace("pressure")
        self.apply(pod("filler", [shell("filler", "dd if=/dev/zero of=/fill/data bs=1M count=%d; sync; sleep 3600"
                                        % FILL, mounts=["fill"])],
                       [{"name": "fill", "emptyDir": {}}]), ns)
        p = self.wait_pod("filler", ns, lambda p: phase(p) == "Failed", "evicted")
        status = p["status"]
        self.assertEqual(status.get("reason"), "Evicted")
        self.assertRegex(status.get("message", ""),
                         r"^The node was low on resource: ephemeral-storage\. "
                         r"Threshold quantity: %dMi, available: \d+(Ki|Mi)\. " % THRESHOLD
                         + r"(Container filler was using \S+, request is 0, has larger consumption of "
                           r"ephemeral-storage\. )?$")
        target = [c for c in status["conditions"] if c["type"] == "DisruptionTarget"]
        self.assertEqual([(c["status"], c["reason"]) for c in target], [("True", "TerminationByKubelet")])

        node = self.wait_node(lambda n: node_condition(n, "DiskPressure").get("status") == "True" and n,
                              "DiskPressure=True", 30)
        # Under disk pressure (it lasts the transition period after the eviction freed the disk)
        # every pod is refused, whatever its QoS class.
        self.apply(pod("late", [{"name": "main", "image": BUSYBOX, "command": ["sleep", "3600"],
                                 "resources": {"requests": {"memory": "10Mi"}}}], node=self.node), ns)
        self.assertEqual(node_condition(node, "DiskPressure")["reason"], "KubeletHasDiskPressure")
        self.wait_node(lambda n: has_taint(n, "node.kubernetes.io/disk-pressure"), "the disk-pressure taint", 30)
        late = self.wait_pod("late", ns, lambda p: phase(p) == "Failed", "refused")
        self.assertEqual(late["status"]["reason"], "Evicted")
        self.assertEqual(late["status"]["message"], "Pod was rejected: The node had condition: [DiskPressure]. ")

        # The evicted pod's emptyDir is gone with it (its record and directory stay): the disk is
        # back, the condition clears after the transition period and the taint goes.
        pod_dir = os.path.join(self.root_dir, "pods", p["metadata"]["uid"])
        harness.wait_for(lambda: not os.path.exists(os.path.join(pod_dir, "volumes")), 30,
                         "the evicted pod's volumes to be removed")
        self.assertTrue(os.path.exists(os.path.join(pod_dir, "etc-hosts")))
        self.wait_no_disk_pressure()
        self.wait_node(lambda n: not has_taint(n, "node.kubernetes.io/disk-pressure"), "the taint to go", 30)
        node_events = json.loads(self.ok("get", "events", "-A", "-o", "json"))["items"]
        reasons = {e["reason"] for e in node_events if e["involvedObject"]["kind"] == "Node"}
        self.assertTrue({"EvictionThresholdMet", "NodeHasDiskPressure", "NodeHasNoDiskPressure"} <= reasons, reasons)


if __name__ == "__main__":
    unittest.main()

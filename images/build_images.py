#!/usr/bin/python3
"""Builds kubepp's own container images as docker-archive tarballs (what `docker save` writes
and `ctr images import` reads): one uncompressed layer tar per layer, the image config named by
its sha256 (the image ID), and manifest.json listing the names the image is tagged with.

Everything is deterministic: fixed timestamps, root ownership, sorted entries; the same inputs
give byte-identical archives and so the same image IDs, which lets the kubelet skip importing
an image containerd already has. The busybox layer is shared by every image built on it, so
containerd stores it once.

usage: build_images.py --out DIR --source DIR --busybox PATH --pause PATH --stress PATH
"""

import argparse
import hashlib
import io
import json
import os
import platform
import subprocess
import sys
import tarfile

# Fixed timestamp of every file and of the images (2022-12-26, busybox 1.35's Debian release).
EPOCH = 1672012800
CREATED = "2022-12-26T00:00:00Z"
PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class Layer:
    """An uncompressed layer tar built from an in-memory file list."""

    def __init__(self):
        self.entries = {}  # path (no leading slash) -> (kind, mode, data or link target)

    def directory(self, path, mode=0o755):
        path = path.strip("/")
        parts = path.split("/")
        for i in range(1, len(parts)):
            self.entries.setdefault("/".join(parts[:i]), ("dir", 0o755, None))
        self.entries[path] = ("dir", mode, None)

    def file(self, path, data, mode=0o644):
        path = path.strip("/")
        if "/" in path:
            self.directory(os.path.dirname(path))
        self.entries[path] = ("file", mode, data)

    def symlink(self, path, target):
        path = path.strip("/")
        if "/" in path:
            self.directory(os.path.dirname(path))
        self.entries[path] = ("symlink", 0o777, target)

    def tar_bytes(self):
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode="w", format=tarfile.GNU_FORMAT) as tar:
            for path in sorted(self.entries):
                kind, mode, payload = self.entries[path]
                info = tarfile.TarInfo(path + ("/" if kind == "dir" else ""))
                info.mtime = EPOCH
                info.mode = mode
                info.uid = info.gid = 0
                info.uname = info.gname = "root"
                if kind == "dir":
                    info.type = tarfile.DIRTYPE
                    tar.addfile(info)
                elif kind == "symlink":
                    info.type = tarfile.SYMTYPE
                    info.linkname = payload
                    tar.addfile(info)
                else:
                    info.size = len(payload)
                    tar.addfile(info, io.BytesIO(payload))
        return out.getvalue()


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def oci_arch():
    machine = platform.machine()
    return {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm", "ppc64le": "ppc64le",
            "s390x": "s390x", "riscv64": "riscv64"}.get(machine, machine)


def write_image(out_dir, file_name, names, layers, config):
    """Writes out_dir/file_name: a docker-archive of `layers` (Layer objects, base first)."""
    layer_blobs = [layer.tar_bytes() for layer in layers]
    diff_ids = ["sha256:" + sha256(blob) for blob in layer_blobs]
    image_config = {
        "architecture": oci_arch(),
        "os": "linux",
        "created": CREATED,
        "config": config,
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created": CREATED, "created_by": "kubepp images/build_images.py"} for _ in layers],
    }
    config_bytes = json.dumps(image_config, sort_keys=True, separators=(",", ":")).encode()
    config_name = sha256(config_bytes) + ".json"
    layer_paths = [d.split(":")[1] + "/layer.tar" for d in diff_ids]
    manifest = [{"Config": config_name, "RepoTags": names, "Layers": layer_paths}]

    archive = Layer()
    archive.file(config_name, config_bytes)
    for path, blob in zip(layer_paths, layer_blobs):
        archive.file(path, blob)
    archive.file("manifest.json", json.dumps(manifest, separators=(",", ":")).encode())
    data = archive.tar_bytes()

    target = os.path.join(out_dir, file_name)
    try:
        with open(target, "rb") as f:
            if f.read() == data:
                return  # unchanged: keep the file (and its mtime) as it is
    except FileNotFoundError:
        pass
    tmp = target + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, target)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def busybox_layer(busybox, source):
    """busybox-static with a symlink per applet where busybox itself would install it."""
    layer = Layer()
    for d in ("bin", "sbin", "usr/bin", "usr/sbin", "usr/local/bin", "etc", "var", "home"):
        layer.directory(d)
    layer.directory("tmp", 0o1777)
    layer.directory("var/tmp", 0o1777)
    layer.directory("root", 0o700)
    layer.file("bin/busybox", read(busybox), 0o755)
    applets = subprocess.run([busybox, "--list-full"], check=True, capture_output=True, text=True).stdout
    for path in applets.split():
        if path.strip("/") != "bin/busybox":
            layer.symlink(path, "/bin/busybox")
    etc = os.path.join(source, "busybox", "rootfs", "etc")
    for name in sorted(os.listdir(etc)):
        layer.file("etc/" + name, read(os.path.join(etc, name)))
    return layer


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--source", required=True, help="the images/ folder of the repository")
    p.add_argument("--busybox", required=True)
    p.add_argument("--pause", required=True)
    p.add_argument("--stress", required=True)
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    src = args.source

    base = busybox_layer(args.busybox, src)

    pause = Layer()
    pause.file("pause", read(args.pause), 0o755)
    write_image(args.out, "pause.tar", ["kubepp.local/pause:3.9", "registry.k8s.io/pause:3.9"], [pause],
                {"Entrypoint": ["/pause"], "Env": [PATH_ENV], "User": "65535:65535", "WorkingDir": "/"})

    write_image(args.out, "busybox.tar", ["kubepp.local/busybox:1.35", "busybox:1.35"], [base],
                {"Cmd": ["sh"], "Env": [PATH_ENV]})

    for version in ("v1", "v2"):
        app = Layer()
        app.file("myblog/start.sh", read(os.path.join(src, "myblog", "start.sh")), 0o755)
        app.file("myblog/VERSION", (version + "\n").encode())
        app.file("bin/bash", read(os.path.join(src, "myblog", "bash")), 0o755)
        app.file("usr/bin/curl", read(os.path.join(src, "myblog", "curl")), 0o755)
        app.directory("www")
        write_image(args.out, "myblog-%s.tar" % version,
                    ["kubepp.local/myblog:" + version, "myblog:" + version, "10.2.2.10:5000/myblog:" + version],
                    [base, app],
                    {"Cmd": ["/bin/sh", "/myblog/start.sh"], "Env": [PATH_ENV, "MYBLOG_VERSION=" + version],
                     "WorkingDir": "/myblog", "ExposedPorts": {"8002/tcp": {}}})

    mysql = Layer()
    mysql.file("usr/local/bin/docker-entrypoint.sh", read(os.path.join(src, "mysql", "entrypoint.sh")), 0o755)
    mysql.file("usr/local/bin/mysql-greeting", read(os.path.join(src, "mysql", "greeting")), 0o755)
    mysql.directory("var/lib/mysql")
    write_image(args.out, "mysql.tar",
                ["kubepp.local/mysql:5.7", "mysql:5.7", "10.2.2.10:5000/mysql:5.7-utf8"], [base, mysql],
                {"Entrypoint": ["/usr/local/bin/docker-entrypoint.sh"], "Cmd": ["mysqld"], "Env": [PATH_ENV],
                 "ExposedPorts": {"3306/tcp": {}}})

    stress = Layer()
    stress.file("usr/local/bin/stress", read(args.stress), 0o755)
    write_image(args.out, "stress.tar", ["kubepp.local/stress:1"], [base, stress],
                {"Entrypoint": ["/usr/local/bin/stress"], "Cmd": ["64"], "Env": [PATH_ENV]})
    return 0


if __name__ == "__main__":
    sys.exit(main())

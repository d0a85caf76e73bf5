"""A private registry for e2e tests: Debian's docker-registry on 127.0.0.1:<free port> (or another
address of this machine).

It asks for HTTP basic authentication against an htpasswd file (bcrypt, made with htpasswd from
apache2-utils) and keeps its storage in its own temporary directory. Images go in through the
registry's HTTP API, straight from kubepp's docker-archive tarballs (build/images/*.tar), so the
node's containerd never holds them before a test pulls them.

    reg = Registry("alice", "s3cret")
    reg.start()
    reg.push_docker_archive(archive_path("busybox.tar"), "private/busybox", "1")
    ... pods pull "%s/private/busybox:1" % reg.host ...
    reg.stop()   # stops the registry process (by PID) and removes its directory
"""

import base64
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import unittest
import urllib.error
import urllib.parse
import urllib.request

import harness

MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json"
CONFIG_TYPE = "application/vnd.docker.container.image.v1+json"
LAYER_TYPE = "application/vnd.docker.image.rootfs.diff.tar"  # kubepp's layers are uncompressed


def archive_path(name):
    """One of kubepp's image tarballs, next to the kubepp binary the tests run."""
    path = os.path.join(os.path.dirname(harness.kubepp_bin()), "images", name)
    if not os.path.exists(path):
        raise unittest.SkipTest("image archive %s not built" % path)
    return path


def node_address():
    """This machine's address on its default route (not loopback), or None."""
    out = subprocess.run(["ip", "-4", "route", "get", "1.1.1.1"], capture_output=True, text=True)
    words = out.stdout.split()
    return words[words.index("src") + 1] if "src" in words else None


class Registry:
    def __init__(self, user, password, address="127.0.0.1"):
        for tool in ("docker-registry", "htpasswd"):
            if shutil.which(tool) is None:
                raise unittest.SkipTest("%s is not installed (scripts/setup.sh installs it)" % tool)
        self.user = user
        self.password = password
        self.address = address
        self.tmp = tempfile.mkdtemp(prefix="kubepp-registry-")
        self.proc = None
        self.port = None
        self._log = None

    @property
    def host(self):
        return "%s:%d" % (self.address, self.port)

    def _write_config(self):
        htpasswd = subprocess.run(["htpasswd", "-Bbn", self.user, self.password],
                                  capture_output=True, text=True, check=True).stdout
        with open(os.path.join(self.tmp, "htpasswd"), "w") as f:
            f.write(htpasswd)
        config = os.path.join(self.tmp, "config.yml")
        with open(config, "w") as f:
            f.write("version: 0.1\n"
                    "log:\n  level: warn\n"
                    "storage:\n  filesystem:\n    rootdirectory: %s\n"
                    "  delete:\n    enabled: true\n"
                    "http:\n  addr: %s\n  secret: kubepp-e2e\n"
                    "auth:\n  htpasswd:\n    realm: kubepp-e2e\n    path: %s\n"
                    % (os.path.join(self.tmp, "storage"), self.host, os.path.join(self.tmp, "htpasswd")))
        return config

    def start(self):
        # A free port can be taken between the probe and the registry's bind; retry then.
        for attempt in range(3):
            self.port = harness.free_port()
            config = self._write_config()
            self._log = open(os.path.join(self.tmp, "registry.log"), "ab")
            self.proc = subprocess.Popen(["docker-registry", "serve", config], stdout=self._log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            try:
                harness.wait_for(self._answers_unauthorized, 30, "the registry on %s" % self.host)
                return self
            except AssertionError:
                exited = self.proc.poll() is not None
                self._stop_process()
                if not exited or attempt == 2:
                    self.stop()
                    raise
        return self

    def _answers_unauthorized(self):
        if self.proc.poll() is not None:
            return False
        try:
            urllib.request.urlopen("http://%s/v2/" % self.host, timeout=2)
        except urllib.error.HTTPError as e:
            return e.code == 401
        except OSError:
            return False
        return False

    def _stop_process(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if self._log:
            self._log.close()
            self._log = None

    def stop(self):
        self._stop_process()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def log_tail(self, lines=40):
        try:
            with open(os.path.join(self.tmp, "registry.log"), "rb") as f:
                return b"\n".join(f.read().splitlines()[-lines:]).decode(errors="replace")
        except OSError:
            return ""

    # --- the registry HTTP API (distribution spec), with basic auth ---

    def _request(self, method, url, body=None, headers=None):
        if not url.startswith("http"):
            url = "http://%s%s" % (self.host, url)
        token = base64.b64encode(("%s:%s" % (self.user, self.password)).encode()).decode()
        req = urllib.request.Request(url, data=body, method=method,
                                     headers=dict(headers or {}, Authorization="Basic " + token))
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def _push_blob(self, repository, data):
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        status, _, _ = self._request("HEAD", "/v2/%s/blobs/%s" % (repository, digest))
        if status == 200:
            return digest
        status, headers, body = self._request("POST", "/v2/%s/blobs/uploads/" % repository)
        if status != 202:
            raise AssertionError("starting an upload to %s: %s %s" % (repository, status, body[:200]))
        location = headers.get("Location")
        sep = "&" if "?" in location else "?"
        status, _, body = self._request(
            "PUT", location + sep + "digest=" + urllib.parse.quote(digest), body=data,
            headers={"Content-Type": "application/octet-stream"})
        if status != 201:
            raise AssertionError("uploading %s to %s: %s %s" % (digest, repository, status, body[:200]))
        return digest

    def push_docker_archive(self, archive, repository, tag, labels=None):
        """Pushes the image in a docker-archive tarball as repository:tag; returns the config digest
        (the image ID). `labels` are added to the image's config, which makes it another image
        (another ID) with the same layers."""
        with tarfile.open(archive) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))[0]
            config = tar.extractfile(manifest["Config"]).read()
            layers = [tar.extractfile(path).read() for path in manifest["Layers"]]
        if labels:
            doc = json.loads(config)
            doc.setdefault("config", {}).setdefault("Labels", {}).update(labels)
            config = json.dumps(doc).encode()
        config_digest = self._push_blob(repository, config)
        descriptors = [{"mediaType": LAYER_TYPE, "size": len(layer), "digest": self._push_blob(repository, layer)}
                       for layer in layers]
        image_manifest = json.dumps({
            "schemaVersion": 2, "mediaType": MANIFEST_TYPE,
            "config": {"mediaType": CONFIG_TYPE, "size": len(config), "digest": config_digest},
            "layers": descriptors}).encode()
        status, _, body = self._request("PUT", "/v2/%s/manifests/%s" % (repository, tag), body=image_manifest,
                                        headers={"Content-Type": MANIFEST_TYPE})
        if status != 201:
            raise AssertionError("pushing %s:%s: %s %s" % (repository, tag, status, body[:200]))
        return config_digest

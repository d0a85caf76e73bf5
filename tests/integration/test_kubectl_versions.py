"""A smoke set for every kubectl version the machine's kubectl package ships.

The versions are found with `dpkg -L kubectl` (bin/kubectl.1.27 ... bin/kubectl.1.33); each
gets its own test method and its own namespace, so one version failing names itself.
"""

import json
import os
import unittest

import harness

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: {ns}
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: busybox:1.36
        command: ["httpd", "-f", "-p", "8080"]
        ports:
        - containerPort: 8080
"""


KUBECTLS = harness.versioned_kubectls()


class KubectlVersionsTest(harness.ServerTestCase):

    def test_versions_found(self):
        self.assertTrue(KUBECTLS, "dpkg -L kubectl lists no bin/kubectl.1.N")
        self.assertIn(27, KUBECTLS)
        self.assertIn(33, KUBECTLS)

    def smoke(self, minor, kubectl):
        ns = "v1-%d" % minor

        def ok(*args, **kw):
            r = self.server.kubectl(*args, kubectl=kubectl, **kw)
            self.assertEqual(r.returncode, 0, "kubectl 1.%d %s:\nstdout: %s\nstderr: %s"
                             % (minor, " ".join(args), r.stdout, r.stderr))
            return r.stdout

        v = json.loads(ok("version", "-o", "json"))
        self.assertEqual(v["clientVersion"]["minor"], str(minor))
        self.assertEqual((v["serverVersion"]["major"], v["serverVersion"]["minor"]), ("1", "32"))

        out = ok("api-resources")
        self.assertEqual(harness.table(out)[0], ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"])
        self.assertLines(["deployments deploy apps/v1 true Deployment",
                          "configmaps cm v1 true ConfigMap",
                          "namespaces ns v1 false Namespace"], out)

        self.assertEqual(ok("create", "namespace", ns).strip(), "namespace/%s created" % ns)
        manifest = DEPLOYMENT.format(ns=ns)
        self.assertEqual(ok("apply", "-f", "-", input=manifest).strip(), "deployment.apps/web created")
        self.assertEqual(ok("apply", "-f", "-", input=manifest).strip(), "deployment.apps/web unchanged")

        out = ok("get", "deploy", "-n", ns, "-o", "wide")
        self.assertEqual(harness.table(out)[0], ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE",
                                                 "CONTAINERS", "IMAGES", "SELECTOR"])
        self.assertRegex(harness.normalize_ws(out), r"\nweb \d+/2 \d+ \d+ \d+\S* web busybox:1\.36 app=web$")

        out = ok("patch", "deploy", "web", "-n", ns, "-p",
                 '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"busybox:1.37"}]}}}}')
        self.assertEqual(out.strip(), "deployment.apps/web patched")
        out = ok("patch", "deploy", "web", "-n", ns, "--type=json", "-p",
                 '[{"op":"replace","path":"/spec/replicas","value":1}]')
        self.assertEqual(out.strip(), "deployment.apps/web patched")
        d = json.loads(ok("get", "deploy", "web", "-n", ns, "-o", "json"))
        self.assertEqual(d["spec"]["replicas"], 1)
        c = d["spec"]["template"]["spec"]["containers"][0]
        self.assertEqual(c["image"], "busybox:1.37")
        self.assertEqual(c["command"], ["httpd", "-f", "-p", "8080"])  # strategic merge kept it

        # A service account token from TokenRequest, used on its own (no client certificate).
        harness.wait_for(lambda: self.server.kubectl("get", "sa", "default", "-n", ns).returncode == 0, 60,
                         "the default ServiceAccount of %s" % ns)
        token = ok("create", "token", "default", "-n", ns).strip()
        ca = os.path.join(self.server.tmp, "ca.crt")
        with open(ca, "wb") as f:
            f.write(harness.read_kubeconfig(self.server.kubeconfig)["ca"])
        empty = os.path.join(self.server.tmp, "empty.kubeconfig")
        with open(empty, "w") as f:
            f.write("apiVersion: v1\nkind: Config\n")
        out = ok("--server", self.server.url, "--certificate-authority", ca, "--token", token,
                 "get", "serviceaccounts", "-n", ns, "-o", "name", kubeconfig=empty)
        self.assertEqual(out.split(), ["serviceaccount/default"])

        out = ok("delete", "deploy", "web", "-n", ns)
        self.assertRegex(out.strip(), r'^deployment\.apps "web" deleted')
        r = self.server.kubectl("get", "deploy", "web", "-n", ns, kubectl=kubectl)
        self.assertEqual(r.returncode, 1)
        self.assertIn('Error from server (NotFound): deployments.apps "web" not found', r.stderr)


def _make_test(minor, kubectl):
    def test(self):
        self.smoke(minor, kubectl)
    test.__doc__ = "kubectl 1.%d (%s)" % (minor, kubectl)
    return test


for _minor, _kubectl in KUBECTLS.items():
    setattr(KubectlVersionsTest, "test_kubectl_1_%d" % _minor, _make_test(_minor, _kubectl))


if __name__ == "__main__":
    unittest.main()

"""The official JavaScript client (@kubernetes/client-node, from npm) against a real kubepp server.

scripts/setup.sh installs the client into tests/integration/js/node_modules; js/configmaps.mjs
drives the server (create, read, list with a label selector, watch from a resourceVersion,
merge patch, delete, NotFound) and prints what it saw, which this module checks.
"""

import os
import shutil
import subprocess
import unittest

import harness

JS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")
NS = "jsclient"


class JavaScriptClientTest(harness.ServerTestCase):
    server_args = ("--disable-controller-manager", "--disable-scheduler")

    @classmethod
    def setUpClass(cls):
        if shutil.which("node") is None:
            raise AssertionError("node is not installed (the JavaScript client needs it)")
        if not os.path.isdir(os.path.join(JS_DIR, "node_modules", "@kubernetes", "client-node")):
            raise AssertionError("@kubernetes/client-node is not installed: run scripts/setup.sh")
        super().setUpClass()

    def test_configmaps_through_the_javascript_client(self):
        self.ok("create", "namespace", NS)
        env = dict(os.environ, KUBECONFIG=self.server.kubeconfig, NAMESPACE=NS)
        run = subprocess.run(["node", os.path.join(JS_DIR, "configmaps.mjs")], cwd=JS_DIR, env=env,
                             capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 0, "stdout:\n%s\nstderr:\n%s" % (run.stdout, run.stderr))
        self.assertEqual(run.stdout.splitlines(), [
            "read 1",
            "list js-cm",
            "watch MODIFIED:js-cm:2 DELETED:js-cm:2",
            "after delete 404 NotFound",
        ])


if __name__ == "__main__":
    unittest.main()

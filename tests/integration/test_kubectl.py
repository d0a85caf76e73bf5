"""kubectl (the default one on PATH) against a real kubepp server.

Expected texts are upstream v1.32's: kubectl's own messages, the apiserver's Status
messages and the server-side table columns (pkg/printers/internalversion/printers.go).

Namespaces: `jds` holds the myblog walkthrough (applied once in setUpClass, then only read);
every test that writes uses its own objects in `itest` (or its own namespace) so tests
are independent of their order.
"""

import base64
import glob
import json
import os
import re
import stat
import subprocess
import unittest

import yaml

import harness

AGE = r"\d+[smhdy](\d+[smh])?"


def manifest(kind, name, namespace="itest", api_version="v1", **fields):
    obj = {"apiVersion": api_version, "kind": kind, "metadata": {"name": name}}
    if namespace:
        obj["metadata"]["namespace"] = namespace
    obj.update(fields)
    return obj


def configmap(name, data=None, labels=None, namespace="itest"):
    obj = manifest("ConfigMap", name, namespace, data={"k": "v"} if data is None else data)
    if labels:
        obj["metadata"]["labels"] = labels
    return obj


def myblog_deployment(name, namespace="itest"):
    """The walkthrough's myblog Deployment under another name."""
    with open(os.path.join(harness.myblog_dir(), "deploy-myblog.yaml")) as f:
        obj = yaml.safe_load(f)
    obj["metadata"] = {"name": name, "namespace": namespace}
    return obj


def myblog_manifests():
    """The non-legacy manifests of the walkthrough, namespace.yaml first."""
    files = sorted(glob.glob(os.path.join(harness.myblog_dir(), "*.yaml")))
    first = [f for f in files if os.path.basename(f) == "namespace.yaml"]
    return first + [f for f in files if f not in first]


def expected_apply_line(path, verb):
    with open(path) as f:
        obj = yaml.safe_load(f)
    kind = obj["kind"].lower()
    group = obj["apiVersion"].split("/")[0] if "/" in obj["apiVersion"] else ""
    res = kind + ("." + group if group else "")
    return "%s/%s %s" % (res, obj["metadata"]["name"], verb)


class KubectlTest(harness.ServerTestCase):
    # The apiserver as kubectl sees it, without controllers acting on what the tests create
    # (no kube-root-ca.crt ConfigMaps, no pods for Deployments); test_control_plane runs them.
    server_args = ("--disable-controller-manager", "--disable-scheduler")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not os.path.isdir(harness.myblog_dir()):
            raise unittest.SkipTest("no myblog examples at %s" % harness.myblog_dir())
        cls.applied = []
        for path in myblog_manifests():
            cls.applied.append((path, cls.server.kubectl("apply", "-f", path)))
        # Through `create -f` (JSON), not `create namespace`: that command gets its own test.
        cls.server.kubectl("create", "-f", "-", input=json.dumps(manifest("Namespace", "itest", None)))

    # --- helpers ---

    def create(self, obj, *args):
        return self.ok("create", "-f", "-", *args, input=json.dumps(obj))

    def apply(self, obj, *args):
        return self.ok("apply", "-f", "-", *args, input=json.dumps(obj))

    def get_json(self, *args):
        return json.loads(self.ok("get", "-o", "json", *args))

    def jsonpath(self, expr, *args):
        return self.ok("get", "-o", "jsonpath=" + expr, *args)

    def assertNotFound(self, resource, name, namespace="itest"):
        r = self.kubectl("get", resource, name, "-n", namespace)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn('Error from server (NotFound): %s "%s" not found'
                      % (resource.split(".")[0], name), r.stderr)

    def wait_gone(self, resource, name, namespace="itest", timeout=60):
        def gone():
            r = self.kubectl("get", resource, name, "-n", namespace, "--ignore-not-found", "-o", "name")
            return r.returncode == 0 and r.stdout.strip() == ""
        harness.wait_for(gone, timeout, "%s/%s to be deleted" % (resource, name))

    def row(self, text, name):
        for r in harness.table_dicts(text):
            if r.get("NAME") == name:
                return r
        self.fail("no row %r in:\n%s" % (name, text))

    # --- apply of the walkthrough ---

    def test_apply_myblog_created(self):
        self.assertEqual(os.path.basename(self.applied[0][0]), "namespace.yaml")
        for path, r in self.applied:
            self.assertEqual(r.returncode, 0, "%s: %s" % (path, r.stderr))
            self.assertEqual(r.stdout.strip(), expected_apply_line(path, "created"), path)

    def test_apply_twice_says_unchanged(self):
        for path in myblog_manifests():
            # stringData never appears in the live object, so kubectl's three-way merge
            # sends it again on every apply and reports "configured", as upstream does.
            verb = "configured" if os.path.basename(path) == "secret.yaml" else "unchanged"
            out = self.ok("apply", "-f", path)
            self.assertEqual(out.strip(), expected_apply_line(path, verb), path)

    def test_apply_changes_say_configured(self):
        obj = configmap("applyme", {"a": "1"})
        self.assertEqual(self.apply(obj).strip(), "configmap/applyme created")
        self.assertEqual(self.apply(obj).strip(), "configmap/applyme unchanged")
        obj["data"] = {"b": "2"}
        self.assertEqual(self.apply(obj).strip(), "configmap/applyme configured")
        # Three-way merge: "a" was in the last applied configuration, so it is removed.
        self.assertEqual(self.get_json("cm", "applyme", "-n", "itest")["data"], {"b": "2"})
        last = json.loads(self.jsonpath(
            "{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}",
            "cm", "applyme", "-n", "itest"))
        self.assertEqual(last["data"], {"b": "2"})

    def test_apply_dry_run_server_does_not_store(self):
        out = self.apply(configmap("dryrun"), "--dry-run=server")
        self.assertEqual(out.strip(), "configmap/dryrun created (server dry run)")
        self.assertNotFound("configmaps", "dryrun")
        self.apply(configmap("dryrun2", {"k": "v1"}))
        out = self.apply(configmap("dryrun2", {"k": "v2"}), "--dry-run=server")
        self.assertEqual(out.strip(), "configmap/dryrun2 configured (server dry run)")
        self.assertEqual(self.jsonpath("{.data.k}", "cm", "dryrun2", "-n", "itest"), "v1")

    # --- get: tables and output formats ---

    def test_get_tables(self):
        out = self.ok("get", "namespace", "jds")
        self.assertEqual(harness.table(out)[0], ["NAME", "STATUS", "AGE"])
        self.assertRegex(harness.normalize_ws(out), r"\njds Active %s$" % AGE)

        out = self.ok("get", "configmaps", "-n", "jds", "myblog")
        self.assertEqual(harness.table(out)[0], ["NAME", "DATA", "AGE"])
        self.assertRegex(harness.normalize_ws(out), r"\nmyblog 2 %s$" % AGE)

        out = self.ok("get", "secrets", "-n", "jds", "myblog")
        self.assertEqual(harness.table(out)[0], ["NAME", "TYPE", "DATA", "AGE"])
        self.assertRegex(harness.normalize_ws(out), r"\nmyblog Opaque 2 %s$" % AGE)

        out = self.ok("get", "deploy", "-n", "jds")
        self.assertEqual(harness.table(out)[0], ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"])
        self.assertRegex(harness.normalize_ws(out), r"\nmyblog \d+/1 \d+ \d+ %s\n" % AGE)
        self.assertRegex(harness.normalize_ws(out), r"\nmysql \d+/1 \d+ \d+ %s$" % AGE)

        out = self.ok("get", "svc", "-n", "jds")
        self.assertEqual(harness.table(out)[0],
                         ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"])
        text = harness.normalize_ws(out)
        self.assertRegex(text, r"\nmyblog ClusterIP 10\.\d+\.\d+\.\d+ <none> 80/TCP %s\n" % AGE)
        self.assertRegex(text, r"\nmyblog-np NodePort 10\.\d+\.\d+\.\d+ <none> 80:3\d{4}/TCP %s\n" % AGE)
        self.assertRegex(text, r"\nmysql ClusterIP 10\.\d+\.\d+\.\d+ <none> 3306/TCP %s$" % AGE)

        out = self.ok("get", "ingress", "-n", "jds")
        self.assertEqual(harness.table(out)[0], ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"])
        rows = {r["NAME"]: r for r in harness.table_dicts(out)}
        self.assertEqual(sorted(rows), ["myblog", "myblog-tls", "rewrite-path", "simple-fanout-example"])
        self.assertEqual(rows["myblog"]["CLASS"], "<none>")
        self.assertEqual(rows["myblog"]["HOSTS"], "myblog.jds.com")
        self.assertEqual(rows["myblog"]["ADDRESS"], "")
        self.assertEqual(rows["myblog"]["PORTS"], "80")
        self.assertEqual(rows["myblog-tls"]["PORTS"], "80, 443")

    def test_get_short_names_and_kinds(self):
        for name in ("cm", "configmap", "configmaps", "ConfigMap"):
            out = self.ok("get", name, "-n", "jds", "-o", "name")
            self.assertEqual(out.strip(), "configmap/myblog", name)
        out = self.ok("get", "deployments.apps", "-n", "jds", "-o", "name")
        self.assertEqual(out.split(), ["deployment.apps/myblog", "deployment.apps/mysql"])
        out = self.ok("get", "cm,secret", "-n", "jds", "-o", "name")
        self.assertEqual(out.split(), ["configmap/myblog", "secret/myblog"])

    def test_get_wide(self):
        out = self.ok("get", "deploy", "myblog", "-n", "jds", "-o", "wide")
        self.assertEqual(harness.table(out)[0], ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE",
                                                 "CONTAINERS", "IMAGES", "SELECTOR"])
        self.assertRegex(harness.normalize_ws(out),
                         r"\nmyblog \d+/1 \d+ \d+ %s myblog 10\.2\.2\.10:5000/myblog:v1 app=myblog$" % AGE)
        out = self.ok("get", "svc", "mysql", "-n", "jds", "-o", "wide")
        self.assertEqual(harness.table(out)[0][-1], "SELECTOR")
        self.assertRegex(harness.normalize_ws(out), r"3306/TCP %s app=mysql$" % AGE)
        out = self.ok("get", "cm", "-n", "jds", "-o", "wide")
        self.assertEqual(harness.table(out)[0], ["NAME", "DATA", "AGE"])

    def test_get_yaml(self):
        cm = yaml.safe_load(self.ok("get", "cm", "myblog", "-n", "jds", "-o", "yaml"))
        self.assertEqual(cm["apiVersion"], "v1")
        self.assertEqual(cm["kind"], "ConfigMap")
        self.assertEqual(cm["data"], {"MYSQL_HOST": "mysql", "MYSQL_PORT": "3306"})
        meta = cm["metadata"]
        self.assertEqual((meta["name"], meta["namespace"]), ("myblog", "jds"))
        self.assertRegex(meta["resourceVersion"], r"^\d+$")
        self.assertRegex(meta["uid"], r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        self.assertRegex(meta["creationTimestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertIn("kubectl.kubernetes.io/last-applied-configuration", meta["annotations"])

        secret = yaml.safe_load(self.ok("get", "secret", "myblog", "-n", "jds", "-o", "yaml"))
        self.assertEqual(secret["type"], "Opaque")
        self.assertNotIn("stringData", secret)
        self.assertEqual(secret["data"], {"MYSQL_USER": base64.b64encode(b"root").decode(),
                                          "MYSQL_PASSWD": base64.b64encode(b"123456").decode()})

    def test_get_json_has_defaults(self):
        d = self.get_json("deploy", "myblog", "-n", "jds")
        self.assertEqual(d["kind"], "Deployment")
        self.assertEqual(d["apiVersion"], "apps/v1")
        self.assertEqual(d["metadata"]["generation"], 1)
        spec = d["spec"]
        self.assertEqual(spec["progressDeadlineSeconds"], 600)
        self.assertEqual(spec["revisionHistoryLimit"], 10)
        self.assertEqual(spec["strategy"], {"type": "RollingUpdate",
                                            "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}})
        pod = spec["template"]["spec"]
        self.assertEqual(pod["restartPolicy"], "Always")
        self.assertEqual(pod["dnsPolicy"], "ClusterFirst")
        self.assertEqual(pod["schedulerName"], "default-scheduler")
        self.assertEqual(pod["terminationGracePeriodSeconds"], 30)
        self.assertEqual(pod["securityContext"], {})
        c = pod["containers"][0]
        self.assertEqual(c["terminationMessagePath"], "/dev/termination-log")
        self.assertEqual(c["terminationMessagePolicy"], "File")
        self.assertEqual(c["ports"], [{"containerPort": 8002, "protocol": "TCP"}])
        self.assertEqual(c["livenessProbe"]["successThreshold"], 1)
        self.assertEqual(c["livenessProbe"]["failureThreshold"], 3)
        self.assertEqual(c["resources"]["requests"], {"cpu": "50m", "memory": "100Mi"})

        svc = self.get_json("svc", "myblog", "-n", "jds")["spec"]
        self.assertEqual(svc["sessionAffinity"], "None")
        self.assertEqual(svc["ipFamilies"], ["IPv4"])
        self.assertEqual(svc["ipFamilyPolicy"], "SingleStack")
        self.assertEqual(svc["internalTrafficPolicy"], "Cluster")
        self.assertEqual(svc["clusterIPs"], [svc["clusterIP"]])
        np = self.get_json("svc", "myblog-np", "-n", "jds")["spec"]
        self.assertEqual(np["externalTrafficPolicy"], "Cluster")
        self.assertTrue(30000 <= np["ports"][0]["nodePort"] <= 32767, np)

        lst = self.get_json("cm", "-n", "jds")
        self.assertEqual(lst["kind"], "List")
        self.assertEqual(lst["apiVersion"], "v1")
        self.assertEqual([i["metadata"]["name"] for i in lst["items"]], ["myblog"])

    def test_get_jsonpath(self):
        self.assertEqual(self.jsonpath("{.spec.template.spec.containers[0].image}",
                                       "deploy", "myblog", "-n", "jds"), "10.2.2.10:5000/myblog:v1")
        out = self.jsonpath('{range .items[*]}{.metadata.name}{" "}{.spec.type}{"\\n"}{end}',
                            "svc", "-n", "jds")
        self.assertEqual(out.splitlines(), ["myblog ClusterIP", "myblog-np NodePort", "mysql ClusterIP"])
        self.assertEqual(self.jsonpath("{.data.MYSQL_PORT}", "cm", "myblog", "-n", "jds"), "3306")
        out = self.ok("get", "deploy", "-n", "jds", "-o",
                      "custom-columns=NAME:.metadata.name,IMAGE:.spec.template.spec.containers[0].image")
        self.assertLines(["NAME IMAGE", "myblog 10.2.2.10:5000/myblog:v1",
                          "mysql 10.2.2.10:5000/mysql:5.7-utf8"], out)

    def test_labels_show_select_and_columns(self):
        self.create(manifest("Namespace", "lbl", None))
        self.create(configmap("a", {"x": "1"}, {"app": "myblog", "tier": "web"}, "lbl"))
        self.create(configmap("b", {"x": "1", "y": "2"}, {"app": "mysql"}, "lbl"))
        self.create(configmap("c", {}, None, "lbl"))

        out = self.ok("get", "cm", "-n", "lbl", "--show-labels")
        self.assertEqual(harness.table(out)[0], ["NAME", "DATA", "AGE", "LABELS"])
        text = harness.normalize_ws(out)
        self.assertRegex(text, r"\na 1 %s app=myblog,tier=web\n" % AGE)
        self.assertRegex(text, r"\nb 2 %s app=mysql\n" % AGE)
        self.assertRegex(text, r"\nc 0 %s <none>(\n|$)" % AGE)

        out = self.ok("get", "cm", "-n", "lbl", "-L", "app", "-L", "tier")
        self.assertEqual(harness.table(out)[0], ["NAME", "DATA", "AGE", "APP", "TIER"])
        rows = {r["NAME"]: r for r in harness.table_dicts(out)}
        self.assertEqual((rows["a"]["APP"], rows["a"]["TIER"]), ("myblog", "web"))
        self.assertEqual((rows["b"]["APP"], rows["b"]["TIER"]), ("mysql", ""))

        def names(selector):
            return self.ok("get", "cm", "-n", "lbl", "-l", selector, "-o", "name").split()
        self.assertEqual(names("app=myblog"), ["configmap/a"])
        self.assertEqual(names("app!=myblog"), ["configmap/b", "configmap/c"])
        self.assertEqual(names("app in (myblog,mysql)"), ["configmap/a", "configmap/b"])
        self.assertEqual(names("app notin (myblog)"), ["configmap/b", "configmap/c"])
        self.assertEqual(names("!app"), ["configmap/c"])
        self.assertEqual(names("app,tier=web"), ["configmap/a"])
        r = self.kubectl("get", "cm", "-n", "lbl", "-l", "app=nothing")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, "")
        self.assertIn("No resources found in lbl namespace.", r.stderr)
        out = self.ok("get", "cm", "-n", "lbl", "--field-selector", "metadata.name=b", "-o", "name")
        self.assertEqual(out.split(), ["configmap/b"])
        self.fails("get", "cm", "-n", "lbl", "-l", "app in (")

    def test_all_namespaces(self):
        out = self.ok("get", "cm", "-A")
        self.assertEqual(harness.table(out)[0], ["NAMESPACE", "NAME", "DATA", "AGE"])
        self.assertRegex(harness.normalize_ws(out), r"\njds myblog 2 %s" % AGE)

    # --- watch ---

    def test_get_watch_sees_update(self):
        self.create(configmap("watched", {"v": "1"}))
        w = self.server.kubectl_bg("get", "cm", "watched", "-n", "itest", "-w",
                                   "-o", 'jsonpath={.metadata.name}={.data.v}{"\\n"}')
        try:
            w.wait_line(r"^watched=1$")
            self.ok("patch", "cm", "watched", "-n", "itest", "--type=merge", "-p", '{"data":{"v":"2"}}')
            w.wait_line(r"^watched=2$")
        finally:
            w.stop()

    def test_get_watch_table_sees_new_object(self):
        self.create(manifest("Namespace", "watchtable", None))
        w = self.server.kubectl_bg("get", "cm", "-n", "watchtable", "-w")
        try:
            # An empty namespace prints nothing until the first event.
            self.create(configmap("late", {"a": "1", "b": "2"}, namespace="watchtable"))
            w.wait_line(r"^late\s+2\s+%s$" % AGE)
            self.assertTrue(any(re.match(r"^NAME\s+DATA\s+AGE$", l) for l in w.lines), w.lines)
        finally:
            w.stop()

    # --- describe ---

    def test_describe(self):
        out = self.ok("describe", "cm", "myblog", "-n", "jds")
        self.assertLines(["Name: myblog", "Namespace: jds", "Labels: <none>", "Annotations: <none>",
                          "Data", "====", "MYSQL_HOST:", "----", "mysql", "MYSQL_PORT:", "3306",
                          "Events: <none>"], out)
        out = self.ok("describe", "deploy", "myblog", "-n", "jds")
        self.assertLines(["Name: myblog", "Namespace: jds", "Selector: app=myblog",
                          "StrategyType: RollingUpdate", "MinReadySeconds: 0",
                          "RollingUpdateStrategy: 25% max unavailable, 25% max surge",
                          "Image: 10.2.2.10:5000/myblog:v1", "Port: 8002/TCP",
                          "Liveness: http-get http://:8002/blog/index/ delay=10s timeout=2s period=15s "
                          "#success=1 #failure=3",
                          "MYSQL_HOST: <set to the key 'MYSQL_HOST' of config map 'myblog'> Optional: false"],
                         out)
        self.assertRegex(harness.normalize_ws(out),
                         r"\nReplicas: 1 desired \| \d+ updated \| \d+ total \| \d+ available \| \d+ unavailable\n")
        out = self.ok("describe", "svc", "myblog", "-n", "jds")
        self.assertLines(["Name: myblog", "Type: ClusterIP", "IP Family Policy: SingleStack",
                          "IP Families: IPv4", "Port: <unset> 80/TCP", "TargetPort: 8002/TCP",
                          "Session Affinity: None", "Selector: app=myblog"], out)
        out = self.ok("describe", "ns", "jds")
        self.assertLines(["Name: jds", "Status: Active"], out)
        err = self.fails("describe", "cm", "nope", "-n", "jds")
        self.assertIn('Error from server (NotFound): configmaps "nope" not found', err)

    # --- edit, label, annotate ---

    def test_edit_with_editor_script(self):
        self.create(configmap("editme", {"k": "v"}))
        editor = os.path.join(self.server.tmp, "editor.py")
        with open(editor, "w") as f:
            f.write("#!/usr/bin/python3\n"
                    "import sys, yaml\n"
                    "path = sys.argv[-1]\n"
                    "obj = yaml.safe_load(open(path))\n"
                    "obj['metadata'].setdefault('labels', {})['edited'] = 'yes'\n"
                    "yaml.safe_dump(obj, open(path, 'w'))\n")
        os.chmod(editor, os.stat(editor).st_mode | stat.S_IXUSR)
        env = self.server.env(EDITOR=editor)
        env.pop("KUBE_EDITOR", None)
        out = self.ok("edit", "cm", "editme", "-n", "itest", env=env)
        self.assertEqual(out.strip(), "configmap/editme edited")
        self.assertEqual(self.jsonpath("{.metadata.labels.edited}", "cm", "editme", "-n", "itest"), "yes")

    def test_label_and_annotate(self):
        self.create(configmap("lab1", labels={"group": "g1"}))
        self.create(configmap("lab2", labels={"group": "g1"}))
        self.assertEqual(self.ok("label", "cm", "lab1", "-n", "itest", "tier=web").strip(),
                         "configmap/lab1 labeled")
        err = self.fails("label", "cm", "lab1", "-n", "itest", "tier=db")
        self.assertIn("'tier' already has a value (web), and --overwrite is false", err)
        self.assertEqual(self.ok("label", "cm", "lab1", "-n", "itest", "tier=db", "--overwrite").strip(),
                         "configmap/lab1 labeled")
        self.assertEqual(self.jsonpath("{.metadata.labels.tier}", "cm", "lab1", "-n", "itest"), "db")
        self.assertEqual(self.ok("label", "cm", "lab1", "-n", "itest", "tier-").strip(),
                         "configmap/lab1 unlabeled")
        out = self.ok("label", "cm", "-n", "itest", "-l", "group=g1", "touched=yes")
        self.assertEqual(out.splitlines(), ["configmap/lab1 labeled", "configmap/lab2 labeled"])
        out = self.ok("get", "cm", "-n", "itest", "-l", "touched=yes", "-o", "name")
        self.assertEqual(out.split(), ["configmap/lab1", "configmap/lab2"])

        self.assertEqual(self.ok("annotate", "cm", "lab1", "-n", "itest", "note=hello").strip(),
                         "configmap/lab1 annotated")
        self.assertEqual(self.jsonpath("{.metadata.annotations.note}", "cm", "lab1", "-n", "itest"), "hello")
        out = self.ok("annotate", "cm", "-n", "itest", "-l", "group=g1", "bulk=1")
        self.assertEqual(out.splitlines(), ["configmap/lab1 annotated", "configmap/lab2 annotated"])
        self.assertEqual(self.ok("annotate", "cm", "lab1", "-n", "itest", "note-").strip(),
                         "configmap/lab1 annotated")
        anns = self.get_json("cm", "lab1", "-n", "itest")["metadata"]["annotations"]
        self.assertNotIn("note", anns)
        self.assertEqual(anns["bulk"], "1")

    # --- scale, patch, replace, diff ---

    def test_scale(self):
        self.create(myblog_deployment("scaleme"))
        self.assertEqual(self.ok("scale", "deploy", "scaleme", "-n", "itest", "--replicas=3").strip(),
                         "deployment.apps/scaleme scaled")
        self.assertEqual(self.jsonpath("{.spec.replicas}", "deploy", "scaleme", "-n", "itest"), "3")
        scale = json.loads(self.ok("get", "--raw",
                                   "/apis/apps/v1/namespaces/itest/deployments/scaleme/scale"))
        self.assertEqual(scale["kind"], "Scale")
        self.assertEqual(scale["apiVersion"], "autoscaling/v1")
        self.assertEqual(scale["spec"], {"replicas": 3})
        self.assertEqual(scale["status"]["selector"], "app=myblog")
        self.fails("scale", "deploy", "scaleme", "-n", "itest", "--current-replicas=2", "--replicas=5")
        self.assertEqual(self.jsonpath("{.spec.replicas}", "deploy", "scaleme", "-n", "itest"), "3")
        self.assertEqual(self.ok("scale", "deploy", "scaleme", "-n", "itest", "--current-replicas=3",
                                 "--replicas=0").strip(), "deployment.apps/scaleme scaled")
        self.assertEqual(self.jsonpath("{.spec.replicas}", "deploy", "scaleme", "-n", "itest"), "0")

    def test_autoscale_is_one_object_in_both_versions(self):
        self.create(myblog_deployment("autoscaled"))
        self.ok("autoscale", "deploy", "autoscaled", "-n", "itest", "--cpu-percent=50", "--min=1", "--max=3")
        # Whichever version kubectl wrote, v2 (preferred) and v1 show the same target.
        v2 = self.get_json("horizontalpodautoscalers.v2.autoscaling", "autoscaled", "-n", "itest")
        self.assertEqual(v2["apiVersion"], "autoscaling/v2")
        self.assertEqual(v2["spec"]["metrics"], [{"type": "Resource", "resource": {
            "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}])
        v1 = self.get_json("horizontalpodautoscalers.v1.autoscaling", "autoscaled", "-n", "itest")
        self.assertEqual(v1["apiVersion"], "autoscaling/v1")
        self.assertEqual(v1["spec"]["targetCPUUtilizationPercentage"], 50)
        self.assertEqual(v1["spec"]["maxReplicas"], 3)
        row = self.row(self.ok("get", "hpa", "-n", "itest"), "autoscaled")
        self.assertEqual(row["TARGETS"], "cpu: <unknown>/50%")
        # An edit through v1 is seen through v2, and by a v1 watch.
        w = self.server.kubectl_bg("get", "horizontalpodautoscalers.v1.autoscaling", "autoscaled", "-n", "itest",
                                   "-w", "-o", 'jsonpath={.apiVersion}={.spec.targetCPUUtilizationPercentage}{"\\n"}')
        try:
            w.wait_line(r"^autoscaling/v1=50$")
            self.ok("patch", "horizontalpodautoscalers.v1.autoscaling", "autoscaled", "-n", "itest", "--type=merge",
                    "-p", '{"spec":{"targetCPUUtilizationPercentage":70}}')
            w.wait_line(r"^autoscaling/v1=70$")
        finally:
            w.stop()
        self.assertEqual(self.jsonpath("{.spec.metrics[0].resource.target.averageUtilization}",
                                       "horizontalpodautoscalers.v2.autoscaling", "autoscaled", "-n", "itest"), "70")

    def test_patch_three_types(self):
        self.create(configmap("patchme", {"k1": "v1"}))
        out = self.ok("patch", "cm", "patchme", "-n", "itest", "--type=merge", "-p", '{"data":{"k2":"v2"}}')
        self.assertEqual(out.strip(), "configmap/patchme patched")
        self.assertEqual(self.get_json("cm", "patchme", "-n", "itest")["data"], {"k1": "v1", "k2": "v2"})
        out = self.ok("patch", "cm", "patchme", "-n", "itest", "--type=json", "-p",
                      '[{"op":"replace","path":"/data/k1","value":"new"},{"op":"remove","path":"/data/k2"}]')
        self.assertEqual(out.strip(), "configmap/patchme patched")
        self.assertEqual(self.get_json("cm", "patchme", "-n", "itest")["data"], {"k1": "new"})
        out = self.ok("patch", "cm", "patchme", "-n", "itest", "--type=merge", "-p", '{"data":{"k1":"new"}}')
        self.assertEqual(out.strip(), "configmap/patchme patched (no change)")
        self.fails("patch", "cm", "patchme", "-n", "itest", "--type=json", "-p",
                   '[{"op":"test","path":"/data/k1","value":"wrong"}]')

        # Strategic merge merges containers by name and keeps the rest of the container.
        self.create(myblog_deployment("patchdeploy"))
        out = self.ok("patch", "deploy", "patchdeploy", "-n", "itest", "-p",
                      '{"spec":{"template":{"spec":{"containers":[{"name":"myblog","image":"myblog:v2"}]}}}}')
        self.assertEqual(out.strip(), "deployment.apps/patchdeploy patched")
        d = self.get_json("deploy", "patchdeploy", "-n", "itest")
        c = d["spec"]["template"]["spec"]["containers"]
        self.assertEqual(len(c), 1)
        self.assertEqual(c[0]["image"], "myblog:v2")
        self.assertEqual([e["name"] for e in c[0]["env"]],
                         ["MYSQL_HOST", "MYSQL_PORT", "MYSQL_USER", "MYSQL_PASSWD"])
        self.assertEqual(d["metadata"]["generation"], 2)
        # A JSON merge patch replaces the whole list.
        self.ok("patch", "deploy", "patchdeploy", "-n", "itest", "--type=merge", "-p",
                '{"spec":{"template":{"spec":{"containers":[{"name":"myblog","image":"myblog:v3"}]}}}}')
        c = self.get_json("deploy", "patchdeploy", "-n", "itest")["spec"]["template"]["spec"]["containers"]
        self.assertEqual(c[0]["image"], "myblog:v3")
        self.assertNotIn("env", c[0])
        # Strategic merge directive: delete one env entry by its merge key.
        self.ok("patch", "deploy", "patchdeploy", "-n", "itest", "-p",
                '{"spec":{"template":{"spec":{"containers":[{"name":"myblog","env":'
                '[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}}}')
        self.ok("patch", "deploy", "patchdeploy", "-n", "itest", "-p",
                '{"spec":{"template":{"spec":{"containers":[{"name":"myblog","env":'
                '[{"name":"A","$patch":"delete"}]}]}}}}')
        c = self.get_json("deploy", "patchdeploy", "-n", "itest")["spec"]["template"]["spec"]["containers"]
        self.assertEqual(c[0]["env"], [{"name": "B", "value": "2"}])

    def test_replace_and_conflict(self):
        self.create(configmap("replaceme", {"k": "v1"}))
        old = self.get_json("cm", "replaceme", "-n", "itest")
        new = json.loads(json.dumps(old))
        new["data"] = {"k": "v2"}
        out = self.ok("replace", "-f", "-", input=json.dumps(new))
        self.assertEqual(out.strip(), "configmap/replaceme replaced")
        self.assertEqual(self.jsonpath("{.data.k}", "cm", "replaceme", "-n", "itest"), "v2")
        stale = json.loads(json.dumps(old))
        stale["data"] = {"k": "v3"}
        r = self.kubectl("replace", "-f", "-", input=json.dumps(stale))
        self.assertEqual(r.returncode, 1)
        self.assertIn('Error from server (Conflict): error when replacing "STDIN": Operation cannot be '
                      'fulfilled on configmaps "replaceme": the object has been modified; please apply '
                      'your changes to the latest version and try again', r.stderr)
        self.assertEqual(self.jsonpath("{.data.k}", "cm", "replaceme", "-n", "itest"), "v2")

    def test_diff(self):
        obj = configmap("difftest", {"k": "v1"})
        r = self.kubectl("diff", "-f", "-", input=json.dumps(obj))
        self.assertEqual(r.returncode, 1, r.stderr)  # not there yet: all of it is new
        self.assertRegex(r.stdout, r"(?m)^\+\s+name: difftest$")
        self.apply(obj)
        r = self.kubectl("diff", "-f", "-", input=json.dumps(obj))
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)
        obj["data"]["k"] = "v2"
        r = self.kubectl("diff", "-f", "-", input=json.dumps(obj))
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stdout, r"(?m)^-\s+k: v1$")
        self.assertRegex(r.stdout, r"(?m)^\+\s+k: v2$")
        self.assertEqual(self.jsonpath("{.data.k}", "cm", "difftest", "-n", "itest"), "v1")

    # --- delete ---

    def test_delete(self):
        self.create(configmap("del1"))
        self.assertEqual(self.ok("delete", "cm", "del1", "-n", "itest").strip(), 'configmap "del1" deleted')
        self.assertNotFound("configmaps", "del1")
        self.create(configmap("del2", labels={"group": "del"}))
        self.create(configmap("del3", labels={"group": "del"}))
        out = self.ok("delete", "cm", "-n", "itest", "-l", "group=del")
        self.assertEqual(out.splitlines(), ['configmap "del2" deleted', 'configmap "del3" deleted'])
        err = self.fails("delete", "cm", "nope", "-n", "itest")
        self.assertIn('Error from server (NotFound): configmaps "nope" not found', err)
        self.assertEqual(self.ok("delete", "cm", "nope", "-n", "itest", "--ignore-not-found"), "")

    def test_delete_cascade_background(self):
        self._delete_cascade("background")

    def _delete_cascade(self, *policies):
        for policy in policies:
            name = "cascade-" + policy
            self.create(myblog_deployment(name))
            out = self.ok("delete", "deploy", name, "-n", "itest", "--cascade=" + policy, "--timeout=60s")
            self.assertEqual(out.strip(), 'deployment.apps "%s" deleted' % name)
            self.wait_gone("deploy", name)

    def test_delete_pod_force(self):
        # Pods run as the namespace's default ServiceAccount; with no controller-manager
        # running here, the test creates it as an administrator could.
        if self.kubectl("get", "sa", "default", "-n", "itest").returncode != 0:
            self.kubectl("create", "-f", "-", input=json.dumps(manifest("ServiceAccount", "default")))
        pod = manifest("Pod", "forceme", spec={"containers": [{"name": "c", "image": "busybox"}]})
        self.create(pod)
        r = self.kubectl("delete", "pod", "forceme", "-n", "itest", "--grace-period=0", "--force")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Warning: Immediate deletion does not wait for confirmation that the running "
                      "resource has been terminated. The resource may continue to run on the cluster "
                      "indefinitely.", r.stderr)
        self.assertEqual(r.stdout.strip(), 'pod "forceme" force deleted')
        self.wait_gone("pod", "forceme")

    # --- create helpers ---

    def test_create_namespace(self):
        self.assertEqual(self.ok("create", "namespace", "made-by-create").strip(),
                         "namespace/made-by-create created")
        out = self.ok("get", "ns", "made-by-create", "-o", "jsonpath={.status.phase} {.spec.finalizers}")
        self.assertEqual(out, 'Active ["kubernetes"]')
        self.assertEqual(self.ok("delete", "namespace", "made-by-create", "--wait=false").strip(),
                         'namespace "made-by-create" deleted')

    def test_system_namespaces_may_not_be_deleted(self):
        for ns in ("default", "kube-system", "kube-public"):
            r = self.kubectl("delete", "namespace", ns, "--wait=false")
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr.strip(), 'Error from server (Forbidden): namespaces "%s" is forbidden: '
                             'this namespace may not be deleted' % ns)
            self.assertEqual(self.ok("get", "ns", ns, "-o", "jsonpath={.status.phase}"), "Active")
        self.ok("get", "service", "kubernetes", "-n", "default")

    def test_bodies_decode_as_their_types(self):
        # A value of the wrong JSON type is refused as upstream's decoder refuses it, and stores nothing.
        r = self.kubectl("create", "-f", "-", input=json.dumps(configmap("typed", data={"x": True})))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.strip(), 'Error from server (BadRequest): error when creating "STDIN": '
                         'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal '
                         'bool into Go struct field ConfigMap.data of type string')
        self.assertEqual(self.kubectl("get", "cm", "typed", "-n", "itest").returncode, 1)

        self.create(myblog_deployment("typed"))
        r = self.kubectl("patch", "deploy", "typed", "-n", "itest", "--type=merge", "-p", '{"spec":{"replicas":"3"}}')
        self.assertEqual(r.returncode, 1)
        self.assertIn("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas "
                      "of type int32", r.stderr)
        r = self.kubectl("patch", "deploy", "typed", "-n", "itest", "--type=json", "-p", json.dumps([{
            "op": "add", "path": "/spec/template/spec/containers/0/ports",
            "value": [{"containerPort": 1.5}]}]))
        self.assertIn("json: cannot unmarshal number 1.5 into Go struct field ContainerPort"
                      ".spec.template.spec.containers.ports.containerPort of type int32", r.stderr)
        self.assertEqual(self.ok("get", "deploy", "typed", "-n", "itest", "-o", "jsonpath={.spec.replicas}"), "1")

        # kubectl validates strictly: an unknown field is the decoder's error on create, and a
        # patch that cannot apply is refused as the request, not the object.
        bad = configmap("strict")
        bad["bogus"] = 1
        r = self.kubectl("create", "-f", "-", input=json.dumps(bad))
        self.assertEqual(r.stderr.strip(), 'Error from server (BadRequest): error when creating "STDIN": '
                         'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: '
                         'unknown field "bogus"')
        self.ok("apply", "-f", "-", input=json.dumps(configmap("strict")))
        r = self.kubectl("apply", "-f", "-", input=json.dumps(bad))
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.startswith('The request is invalid: patch: Invalid value: "map[bogus:1 metadata:'),
                        r.stderr)
        self.assertTrue(r.stderr.strip().endswith('": strict decoding error: unknown field "bogus"'), r.stderr)
        r = self.kubectl("patch", "deploy", "typed", "-n", "itest", "--type=json",
                         "-p", '[{"op":"test","path":"/spec/replicas","value":5}]')
        self.assertEqual(r.stderr.strip(), "The request is invalid: the server rejected our request due to an "
                         "error in our request")

        # Quantities are stored in their canonical form, whatever form they came in.
        quota = manifest("ResourceQuota", "typed", "itest")
        quota["spec"] = {"hard": {"cpu": "0.5", "memory": "1.5Gi", "pods": 10, "requests.cpu": 0.25}}
        self.create(quota)
        self.addCleanup(self.kubectl, "delete", "quota", "typed", "-n", "itest")  # it would refuse other tests' pods
        hard = json.loads(self.ok("get", "quota", "typed", "-n", "itest", "-o", "jsonpath={.spec.hard}"))
        self.assertEqual(hard, {"cpu": "500m", "memory": "1536Mi", "pods": "10", "requests.cpu": "250m"})
        applied = manifest("ResourceQuota", "typed-applied", "itest")
        applied["spec"] = {"hard": {"cpu": "0.5", "pods": 3}}
        self.ok("apply", "--server-side", "-f", "-", input=json.dumps(applied))
        self.addCleanup(self.kubectl, "delete", "quota", "typed-applied", "-n", "itest")
        hard = json.loads(self.ok("get", "quota", "typed-applied", "-n", "itest", "-o", "jsonpath={.spec.hard}"))
        self.assertEqual(hard, {"cpu": "500m", "pods": "3"})
        quota = manifest("ResourceQuota", "typed-bad", "itest")
        quota["spec"] = {"hard": {"cpu": "abc"}}
        r = self.kubectl("create", "-f", "-", input=json.dumps(quota))
        self.assertIn('(BadRequest): error when creating "STDIN": ResourceQuota in version "v1" cannot be '
                      "handled as a ResourceQuota: quantities must match the regular expression "
                      "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", r.stderr)

    def test_component_statuses_probe_the_components(self):
        # This server runs neither a controller-manager nor a scheduler: upstream's probes of their
        # healthz ports find nobody there (or whatever else holds the port), while the store answers.
        statuses = {c["metadata"]["name"]: c["conditions"][0]
                    for c in json.loads(self.ok("get", "cs", "-o", "json"))["items"]}
        self.assertEqual(set(statuses), {"controller-manager", "scheduler", "etcd-0"})
        self.assertEqual(statuses["etcd-0"], {"type": "Healthy", "status": "True", "message": "ok"})
        for name, port in (("controller-manager", 10257), ("scheduler", 10259)):
            if statuses[name]["status"] != "True":
                self.assertTrue(statuses[name]["error"].startswith('Get "https://127.0.0.1:%d/healthz": ' % port),
                                statuses[name])
        one = json.loads(self.ok("get", "cs", "etcd-0", "-o", "json"))
        self.assertEqual((one["kind"], one["metadata"]["name"]), ("ComponentStatus", "etcd-0"))
        r = self.kubectl("get", "cs", "nope")
        self.assertEqual(r.returncode, 1)
        self.assertIn("Error from server: Component not found: nope", r.stderr)
        self.assertIn("Warning: v1 ComponentStatus is deprecated in v1.19+", r.stderr)

    def test_malformed_bodies_are_refused_in_gos_words(self):
        # `kubectl create --raw` sends a file as it is: malformed JSON gets upstream's 400, in the
        # words of Go's decoder, with the start of the body.
        path = os.path.join(self.server.tmp, "truncated.json")
        with open(path, "w") as f:
            f.write('{"metadata":{"name":"cut"},"data":{"k":')
        r = self.kubectl("create", "--raw", "/api/v1/namespaces/itest/configmaps", "-f", path)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.strip(), "Error from server (BadRequest): the object provided is unrecognized "
                         "(must be of type ConfigMap): couldn't get version/kind; json parse error: unexpected "
                         'end of JSON input ({"metadata":{"name":"cut"},"da ...)')
        self.assertEqual(self.kubectl("get", "cm", "cut", "-n", "itest").returncode, 1)

    def test_create_configmap(self):
        path = os.path.join(self.server.tmp, "app.properties")
        with open(path, "w") as f:
            f.write("color=blue\nsize=3\n")
        out = self.ok("create", "configmap", "fromlit", "-n", "itest", "--from-literal=a=1",
                      "--from-literal=b=two words", "--from-file=" + path, "--from-file=renamed=" + path)
        self.assertEqual(out.strip(), "configmap/fromlit created")
        data = self.get_json("cm", "fromlit", "-n", "itest")["data"]
        self.assertEqual(data, {"a": "1", "b": "two words", "app.properties": "color=blue\nsize=3\n",
                                "renamed": "color=blue\nsize=3\n"})
        err = self.fails("create", "configmap", "fromlit", "-n", "itest", "--from-literal=a=1")
        self.assertIn('configmaps "fromlit" already exists', err)

    def test_create_secret_generic_and_tls(self):
        out = self.ok("create", "secret", "generic", "sec1", "-n", "itest",
                      "--from-literal=user=admin", "--from-literal=pass=s3cr3t")
        self.assertEqual(out.strip(), "secret/sec1 created")
        s = self.get_json("secret", "sec1", "-n", "itest")
        self.assertEqual(s["type"], "Opaque")
        self.assertEqual(s["data"], {"user": "YWRtaW4=", "pass": base64.b64encode(b"s3cr3t").decode()})

        crt = os.path.join(self.server.tmp, "tls.crt")
        key = os.path.join(self.server.tmp, "tls.key")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-keyout", key, "-out", crt, "-days", "30", "-subj", "/CN=myblog.jds.com"],
                       check=True, capture_output=True)
        out = self.ok("create", "secret", "tls", "https-secret", "-n", "itest", "--cert=" + crt, "--key=" + key)
        self.assertEqual(out.strip(), "secret/https-secret created")
        s = self.get_json("secret", "https-secret", "-n", "itest")
        self.assertEqual(s["type"], "kubernetes.io/tls")
        self.assertEqual(sorted(s["data"]), ["tls.crt", "tls.key"])
        with open(crt, "rb") as f:
            self.assertEqual(base64.b64decode(s["data"]["tls.crt"]), f.read())
        out = self.ok("get", "secret", "https-secret", "-n", "itest")
        self.assertRegex(harness.normalize_ws(out), r"\nhttps-secret kubernetes.io/tls 2 %s$" % AGE)

    # --- discovery, explain, config ---

    EXPECTED_RESOURCES = [
        "bindings v1 true Binding",
        "componentstatuses cs v1 false ComponentStatus",
        "configmaps cm v1 true ConfigMap",
        "endpoints ep v1 true Endpoints",
        "events ev v1 true Event",
        "limitranges limits v1 true LimitRange",
        "namespaces ns v1 false Namespace",
        "nodes no v1 false Node",
        "persistentvolumeclaims pvc v1 true PersistentVolumeClaim",
        "persistentvolumes pv v1 false PersistentVolume",
        "pods po v1 true Pod",
        "podtemplates v1 true PodTemplate",
        "replicationcontrollers rc v1 true ReplicationController",
        "resourcequotas quota v1 true ResourceQuota",
        "secrets v1 true Secret",
        "serviceaccounts sa v1 true ServiceAccount",
        "services svc v1 true Service",
        "controllerrevisions apps/v1 true ControllerRevision",
        "daemonsets ds apps/v1 true DaemonSet",
        "deployments deploy apps/v1 true Deployment",
        "replicasets rs apps/v1 true ReplicaSet",
        "statefulsets sts apps/v1 true StatefulSet",
        "horizontalpodautoscalers hpa autoscaling/v2 true HorizontalPodAutoscaler",
        "cronjobs cj batch/v1 true CronJob",
        "jobs batch/v1 true Job",
        "leases coordination.k8s.io/v1 true Lease",
        "endpointslices discovery.k8s.io/v1 true EndpointSlice",
        "events ev events.k8s.io/v1 true Event",
        "ingressclasses networking.k8s.io/v1 false IngressClass",
        "ingresses ing networking.k8s.io/v1 true Ingress",
        "networkpolicies netpol networking.k8s.io/v1 true NetworkPolicy",
        "poddisruptionbudgets pdb policy/v1 true PodDisruptionBudget",
        "clusterrolebindings rbac.authorization.k8s.io/v1 false ClusterRoleBinding",
        "clusterroles rbac.authorization.k8s.io/v1 false ClusterRole",
        "rolebindings rbac.authorization.k8s.io/v1 true RoleBinding",
        "roles rbac.authorization.k8s.io/v1 true Role",
        "priorityclasses pc scheduling.k8s.io/v1 false PriorityClass",
        "storageclasses sc storage.k8s.io/v1 false StorageClass",
        "nodes metrics.k8s.io/v1beta1 false NodeMetrics",
        "pods metrics.k8s.io/v1beta1 true PodMetrics",
    ]

    def test_api_resources(self):
        out = self.ok("api-resources")
        self.assertEqual(harness.table(out)[0], ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"])
        self.assertLines(self.EXPECTED_RESOURCES, out)
        out = self.ok("api-resources", "--api-group=apps", "-o", "name")
        self.assertEqual(out.split(), ["controllerrevisions.apps", "daemonsets.apps", "deployments.apps",
                                       "replicasets.apps", "statefulsets.apps"])
        out = self.ok("api-resources", "--namespaced=false", "-o", "name")
        self.assertIn("namespaces", out.split())
        self.assertNotIn("pods", out.split())
        out = self.ok("api-resources", "-o", "wide", "--api-group=apps")
        self.assertLines(["deployments deploy apps/v1 true Deployment "
                          "create,delete,deletecollection,get,list,patch,update,watch all"], out)

    def test_api_versions(self):
        versions = self.ok("api-versions").split()
        for gv in ("v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "networking.k8s.io/v1",
                   "policy/v1", "rbac.authorization.k8s.io/v1", "coordination.k8s.io/v1",
                   "discovery.k8s.io/v1", "events.k8s.io/v1", "storage.k8s.io/v1", "scheduling.k8s.io/v1"):
            self.assertIn(gv, versions)
        self.assertEqual(versions, sorted(versions))

    def test_version(self):
        v = json.loads(self.ok("version", "-o", "json"))
        self.assertEqual(v["serverVersion"]["major"], "1")
        self.assertEqual(v["serverVersion"]["minor"], "32")
        self.assertTrue(v["serverVersion"]["gitVersion"].startswith("v1.32."), v)

    def test_explain(self):
        out = self.ok("explain", "deployment.spec.strategy")
        self.assertLines(["GROUP: apps", "KIND: Deployment", "VERSION: v1",
                          "FIELD: strategy <DeploymentStrategy>", "DESCRIPTION:", "FIELDS:",
                          "rollingUpdate <RollingUpdateDeployment>", "type <string>"], out)
        out = self.ok("explain", "pods.spec.containers.name")
        self.assertLines(["KIND: Pod", "VERSION: v1", "FIELD: name <string>"], out)
        err = self.fails("explain", "deployment.spec.nope")
        self.assertIn('field "nope" does not exist', err)

    def test_config_set_context_namespace(self):
        kc = os.path.join(self.server.tmp, "ns.kubeconfig")
        with open(self.server.kubeconfig) as src, open(kc, "w") as dst:
            dst.write(src.read())
        self.assertEqual(self.ok("config", "current-context", kubeconfig=kc).strip(), "kubepp")
        out = self.ok("config", "set-context", "--current", "--namespace=jds", kubeconfig=kc)
        self.assertEqual(out.strip(), 'Context "kubepp" modified.')
        self.assertEqual(self.ok("config", "view", "--minify", "-o", "jsonpath={..namespace}",
                                 kubeconfig=kc).strip(), "jds")
        self.assertEqual(self.ok("get", "cm", "-o", "name", kubeconfig=kc).split(), ["configmap/myblog"])

    # --- errors ---

    def test_error_messages(self):
        r = self.kubectl("get", "pod", "nope")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.strip(), 'Error from server (NotFound): pods "nope" not found')

        r = self.kubectl("create", "-f", "-", input=json.dumps(configmap("Bad_Name")))
        self.assertEqual(r.returncode, 1)
        self.assertIn('The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": '
                      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                      "'-' or '.', and must start and end with an alphanumeric character", r.stderr)

        self.create(configmap("dup"))
        r = self.kubectl("create", "-f", "-", input=json.dumps(configmap("dup")))
        self.assertEqual(r.returncode, 1)
        self.assertIn('Error from server (AlreadyExists): error when creating "STDIN": '
                      'configmaps "dup" already exists', r.stderr)

        r = self.kubectl("create", "-f", "-", input=json.dumps(configmap("x", namespace="nons")))
        self.assertEqual(r.returncode, 1)
        self.assertIn('Error from server (NotFound): error when creating "STDIN": '
                      'namespaces "nons" not found', r.stderr)

        r = self.kubectl("get", "foos")
        self.assertEqual(r.returncode, 1)
        self.assertIn('error: the server doesn\'t have a resource type "foos"', r.stderr)

        bad = myblog_deployment("badreplicas")
        bad["spec"]["replicas"] = -1
        r = self.kubectl("create", "-f", "-", input=json.dumps(bad))
        self.assertEqual(r.returncode, 1)
        self.assertIn('The Deployment "badreplicas" is invalid: spec.replicas: Invalid value: -1: '
                      'must be greater than or equal to 0', r.stderr)


if __name__ == "__main__":
    unittest.main()

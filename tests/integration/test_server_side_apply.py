"""Server-side apply and managedFields against a real kubepp server, driven by the real
kubectl (on PATH) and Debian's python3-kubernetes.

Expected texts are upstream v1.32's: kubectl's output and messages, the apiserver's conflict
messages, and the managers upstream's apiserver records (the fieldManager kubectl sends, or
the User-Agent's product name: "kubectl" for `kubectl scale`, "kube-controller-manager" for
the controllers).
"""

import json
import unittest

import yaml

import harness

try:
    from kubernetes import client as k8s_client, config as k8s_config, dynamic as k8s_dynamic
    from kubernetes.client.rest import ApiException
except ImportError:  # pragma: no cover - depends on the machine
    k8s_client = None

NS = "ssa"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def configmap(name, data):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": NS}, "data": data}


def deployment(name, replicas=2, image="busybox:1.36"):
    labels = {"app": name}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": NS},
            "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": labels},
                                  "spec": {"containers": [{"name": "main", "image": image}]}}}}


def managers(obj):
    """{(manager, operation, subresource): fieldsV1} of an object's managedFields."""
    return {(e["manager"], e["operation"], e.get("subresource", "")): e["fieldsV1"]
            for e in obj["metadata"].get("managedFields", [])}


class ServerSideApplyKubectlTest(harness.ServerTestCase):
    server_args = ("--disable-controller-manager", "--disable-scheduler")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.kubectl("create", "namespace", NS)

    def apply(self, obj, *args, server_side=True):
        flags = ("--server-side",) if server_side else ()
        return self.ok("apply", *flags, "-f", "-", *args, input=json.dumps(obj))

    def get(self, kind, name):
        return json.loads(self.ok("get", kind, name, "-n", NS, "-o", "json", "--show-managed-fields"))

    def test_create_reapply_change_and_remove(self):
        obj = configmap("lifecycle", {"a": "1", "b": "2"})
        self.assertEqual(self.apply(obj).strip(), "configmap/lifecycle serverside-applied")
        first = self.get("cm", "lifecycle")
        self.assertEqual(managers(first), {("kubectl", "Apply", ""): {"f:data": {"f:a": {}, "f:b": {}}}})
        rv = first["metadata"]["resourceVersion"]

        # Unchanged: nothing is written.
        self.assertEqual(self.apply(obj).strip(), "configmap/lifecycle serverside-applied")
        self.assertEqual(self.get("cm", "lifecycle")["metadata"]["resourceVersion"], rv)

        # Changed and removed fields.
        self.apply(configmap("lifecycle", {"a": "changed"}))
        now = self.get("cm", "lifecycle")
        self.assertNotEqual(now["metadata"]["resourceVersion"], rv)
        self.assertEqual(now["data"], {"a": "changed"})
        self.assertEqual(managers(now), {("kubectl", "Apply", ""): {"f:data": {"f:a": {}}}})

    def test_show_managed_fields(self):
        self.ok("create", "configmap", "shown", "-n", NS, "--from-literal=k=v")
        self.ok("label", "configmap", "shown", "-n", NS, "team=a")
        shown = yaml.safe_load(self.ok("get", "cm", "shown", "-n", NS, "-o", "yaml", "--show-managed-fields"))
        entries = shown["metadata"]["managedFields"]
        self.assertEqual([(e["manager"], e["operation"], e["apiVersion"], e["fieldsType"]) for e in entries],
                         [("kubectl-create", "Update", "v1", "FieldsV1"), ("kubectl-label", "Update", "v1", "FieldsV1")])
        self.assertEqual(entries[0]["fieldsV1"], {"f:data": {".": {}, "f:k": {}}})
        self.assertEqual(entries[1]["fieldsV1"], {"f:metadata": {"f:labels": {".": {}, "f:team": {}}}})
        self.assertRegex(entries[0]["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        # Without the flag kubectl hides them.
        hidden = yaml.safe_load(self.ok("get", "cm", "shown", "-n", NS, "-o", "yaml"))
        self.assertNotIn("managedFields", hidden["metadata"])

    def test_conflict_after_scale_and_force_conflicts(self):
        self.apply(deployment("scaled", replicas=2))
        self.assertEqual(self.ok("scale", "deploy", "scaled", "-n", NS, "--replicas=5").strip(),
                         "deployment.apps/scaled scaled")
        self.assertIn(("kubectl", "Update", "scale"), managers(self.get("deploy", "scaled")))

        r = self.kubectl("apply", "--server-side", "-f", "-", input=json.dumps(deployment("scaled", replicas=2)))
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn('error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" '
                      'using apps/v1: .spec.replicas', r.stderr)
        self.assertIn("Please review the fields above--they currently have other managers.", r.stderr)
        self.assertEqual(self.get("deploy", "scaled")["spec"]["replicas"], 5)

        # The same value is no conflict: both own it.
        self.apply(deployment("scaled", replicas=5))
        # --force-conflicts takes the field over.
        self.apply(deployment("scaled", replicas=3), "--force-conflicts")
        now = self.get("deploy", "scaled")
        self.assertEqual(now["spec"]["replicas"], 3)
        self.assertNotIn(("kubectl", "Update", "scale"), managers(now))

    def test_server_dry_run_stores_nothing(self):
        out = self.apply(configmap("dryrun", {"a": "1"}), "--dry-run=server")
        self.assertEqual(out.strip(), "configmap/dryrun serverside-applied (server dry run)")
        r = self.kubectl("get", "cm", "dryrun", "-n", NS)
        self.assertEqual(r.returncode, 1)
        self.assertIn('configmaps "dryrun" not found', r.stderr)

    def test_diff_server_side(self):
        obj = configmap("diffed", {"k": "v1"})
        self.apply(obj)
        r = self.kubectl("diff", "--server-side", "-f", "-", input=json.dumps(obj))
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)
        r = self.kubectl("diff", "--server-side", "-f", "-", input=json.dumps(configmap("diffed", {"k": "v2"})))
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stdout, r"(?m)^-\s+k: v1$")
        self.assertRegex(r.stdout, r"(?m)^\+\s+k: v2$")
        self.assertEqual(self.get("cm", "diffed")["data"], {"k": "v1"})

    def test_client_side_apply_then_server_side(self):
        self.assertEqual(self.apply(configmap("migrated", {"a": "1", "b": "2"}), server_side=False).strip(),
                         "configmap/migrated created")
        before = self.get("cm", "migrated")
        self.assertEqual(list(managers(before)), [("kubectl-client-side-apply", "Update", "")])
        self.assertIn(LAST_APPLIED, before["metadata"]["annotations"])

        # No conflicts with what client-side apply set; the dropped key goes.
        out = self.apply(configmap("migrated", {"a": "changed"}))
        self.assertEqual(out.strip(), "configmap/migrated serverside-applied")
        after = self.get("cm", "migrated")
        self.assertEqual(after["data"], {"a": "changed"})
        self.assertNotIn(("kubectl-client-side-apply", "Update", ""), managers(after))
        self.assertIn(("kubectl", "Apply", ""), managers(after))
        # The annotation follows what was applied, so client-side apply still works (its
        # first run rewrites the annotation in its own spelling, as against upstream).
        self.assertEqual(json.loads(after["metadata"]["annotations"][LAST_APPLIED])["data"], {"a": "changed"})
        self.apply(configmap("migrated", {"a": "changed"}), server_side=False)
        self.assertEqual(self.apply(configmap("migrated", {"a": "changed"}), server_side=False).strip(),
                         "configmap/migrated unchanged")
        self.assertEqual(self.get("cm", "migrated")["data"], {"a": "changed"})

    def test_unknown_fields_are_refused(self):
        obj = configmap("unknownfield", {"a": "1"})
        obj["bogus"] = 1
        r = self.kubectl("apply", "--server-side", "-f", "-", input=json.dumps(obj))
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("failed to create typed patch object (ssa/unknownfield; /v1, Kind=ConfigMap): "
                      ".bogus: field not declared in schema", r.stderr)


class ServerSideApplyControllersTest(harness.ServerTestCase):
    """With the control plane running: controllers' writes carry their own manager."""

    def test_controller_writes_are_kube_controller_manager(self):
        self.server.kubectl("create", "namespace", NS)
        obj = deployment("controlled", replicas=1)
        self.ok("apply", "--server-side", "-f", "-", input=json.dumps(obj))

        def replicaset():
            out = json.loads(self.ok("get", "rs", "-n", NS, "-l", "app=controlled", "-o", "json",
                                     "--show-managed-fields"))
            return out["items"][0] if out["items"] else None
        rs = harness.wait_for(replicaset, 60, "the Deployment's ReplicaSet")
        self.assertIn(("kube-controller-manager", "Update", ""), managers(rs))

        def status_entry():
            d = json.loads(self.ok("get", "deploy", "controlled", "-n", NS, "-o", "json", "--show-managed-fields"))
            return managers(d).get(("kube-controller-manager", "Update", "status"))
        fields = harness.wait_for(status_entry, 60, "the Deployment's status entry")
        self.assertIn("f:status", fields)


@unittest.skipIf(k8s_client is None, "python3-kubernetes is not installed for this interpreter")
class ServerSideApplyPythonTest(harness.ServerTestCase):
    server_args = ("--disable-controller-manager", "--disable-scheduler")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.kubectl("create", "namespace", NS)
        cls.api_client = k8s_config.new_client_from_config(config_file=cls.server.kubeconfig)
        cls.dyn = k8s_dynamic.DynamicClient(cls.api_client)
        cls.cms = cls.dyn.resources.get(api_version="v1", kind="ConfigMap")

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "api_client", None) is not None:
            cls.api_client.close()
        super().tearDownClass()

    def ssa(self, name, data, **kw):
        # The client sends only text bodies with this content type: hand it JSON text.
        return self.cms.server_side_apply(body=json.dumps(configmap(name, data)), name=name, namespace=NS,
                                          field_manager="py-app", **kw)

    def test_dynamic_client_server_side_apply(self):
        created = self.ssa("py", {"a": "1"})
        self.assertEqual(created.data.a, "1")
        entries = created.metadata.managedFields
        self.assertEqual([(e.manager, e.operation) for e in entries], [("py-app", "Apply")])

        # Another manager changes the field; the app's next apply conflicts (409), then forces.
        core = k8s_client.CoreV1Api(self.api_client)
        core.patch_namespaced_config_map("py", NS, {"data": {"a": "edited"}})
        with self.assertRaises(k8s_dynamic.exceptions.ConflictError) as e:
            self.ssa("py", {"a": "1"})
        self.assertEqual(e.exception.status, 409)
        status = json.loads(e.exception.body)
        self.assertEqual(status["reason"], "Conflict")
        self.assertEqual(status["details"]["causes"][0]["reason"], "FieldManagerConflict")
        self.assertEqual(status["details"]["causes"][0]["field"], ".data.a")
        self.assertRegex(status["message"], r'^Apply failed with 1 conflict: conflict with "[^"]+" using v1: \.data\.a$')

        forced = self.ssa("py", {"a": "1"}, force_conflicts=True)
        self.assertEqual(forced.data.a, "1")

    def raw_apply(self, name, body, *query):
        return self.api_client.call_api(
            "/api/v1/namespaces/%s/configmaps/%s" % (NS, name), "PATCH",
            query_params=[("fieldManager", "raw-yaml")] + list(query),
            header_params={"Content-Type": "application/apply-patch+yaml", "Accept": "application/json"},
            body=body, _preload_content=False)

    def test_repeated_keys_strict_and_warned(self):
        body = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\ndata:\n  x: \"1\"\n  x: \"2\"\n"
        with self.assertRaises(ApiException) as e:
            self.raw_apply("dup", body, ("fieldValidation", "Strict"))
        self.assertEqual(e.exception.status, 400)
        self.assertEqual(json.loads(e.exception.body)["message"],
                         "error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n"
                         "  line 7: key \"x\" already set in map")
        resp = self.raw_apply("dup", body)
        self.assertEqual(resp[1], 201)
        self.assertEqual(json.loads(resp[0].data)["data"], {"x": "2"})
        self.assertEqual(resp[2].get("Warning"), '299 - "line 7: key \\"x\\" already set in map"')

    def test_raw_apply_patch_yaml(self):
        body = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: raw\ndata:\n  x: \"1\"\n"
        resp = self.raw_apply("raw", body)
        self.assertEqual(resp[1], 201)
        obj = json.loads(resp[0].data)
        self.assertEqual(obj["data"], {"x": "1"})
        self.assertEqual(obj["metadata"]["managedFields"][0]["manager"], "raw-yaml")


if __name__ == "__main__":
    unittest.main()

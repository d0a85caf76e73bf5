"""Debian's python3-kubernetes client against a real kubepp server.

Runs with /usr/bin/python3 (the only interpreter that has the `kubernetes` package).
Covers create/read/list (label and field selectors)/watch/patch/replace/delete for
ConfigMaps, Deployments, Services and Pods (stored only: no node runs them), and the
HTTP status codes of the errors as ApiException.status.
"""

import json
import threading
import unittest

import harness

try:
    from kubernetes import client, config, watch
    from kubernetes.client.rest import ApiException
except ImportError:  # pragma: no cover - depends on the machine
    client = None

NS = "pyclient"


def cm(name, data=None, labels=None):
    return client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels=labels), data={"k": "v"} if data is None else data)


def deployment(name, replicas=1, image="busybox:1.36"):
    labels = {"app": name}
    return client.V1Deployment(
        metadata=client.V1ObjectMeta(name=name, labels=labels),
        spec=client.V1DeploymentSpec(
            replicas=replicas,
            selector=client.V1LabelSelector(match_labels=labels),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels=labels),
                spec=client.V1PodSpec(containers=[
                    client.V1Container(name="main", image=image,
                                       env=[client.V1EnvVar(name="A", value="1")])]))))


def pod(name, labels=None):
    return client.V1Pod(metadata=client.V1ObjectMeta(name=name, labels=labels),
                        spec=client.V1PodSpec(containers=[client.V1Container(name="c", image="busybox:1.36")]))


@unittest.skipIf(client is None, "python3-kubernetes is not installed for this interpreter")
class PythonClientTest(harness.ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api_client = config.new_client_from_config(config_file=cls.server.kubeconfig)
        cls.core = client.CoreV1Api(cls.api_client)
        cls.apps = client.AppsV1Api(cls.api_client)
        cls.core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=NS)))

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "api_client", None) is not None:
            cls.api_client.close()
        super().tearDownClass()

    def assertApiError(self, status, fn, *args, **kw):
        with self.assertRaises(ApiException) as cm_:
            fn(*args, **kw)
        self.assertEqual(cm_.exception.status, status, cm_.exception.body)
        return cm_.exception

    # --- ConfigMaps ---

    def test_configmap_crud(self):
        created = self.core.create_namespaced_config_map(NS, cm("crud", {"a": "1"}, {"app": "crud"}))
        self.assertEqual(created.metadata.name, "crud")
        self.assertEqual(created.metadata.namespace, NS)
        self.assertTrue(created.metadata.uid)
        self.assertTrue(created.metadata.resource_version)
        self.assertIsNotNone(created.metadata.creation_timestamp)

        got = self.core.read_namespaced_config_map("crud", NS)
        self.assertEqual(got.data, {"a": "1"})
        self.assertEqual(got.metadata.resource_version, created.metadata.resource_version)

        patched = self.core.patch_namespaced_config_map("crud", NS, {"data": {"b": "2"}})
        self.assertEqual(patched.data, {"a": "1", "b": "2"})
        self.assertNotEqual(patched.metadata.resource_version, created.metadata.resource_version)
        patched = self.core.patch_namespaced_config_map(
            "crud", NS, [{"op": "remove", "path": "/data/a"}])  # a list is sent as a JSON patch
        self.assertEqual(patched.data, {"b": "2"})

        patched.data = {"c": "3"}
        replaced = self.core.replace_namespaced_config_map("crud", NS, patched)
        self.assertEqual(replaced.data, {"c": "3"})

        status = self.core.delete_namespaced_config_map("crud", NS)
        self.assertIn(status.status, ("Success", None))
        self.assertApiError(404, self.core.read_namespaced_config_map, "crud", NS)

    def test_list_with_label_and_field_selectors(self):
        for name, labels in (("sel-a", {"app": "sel", "tier": "web"}), ("sel-b", {"app": "sel", "tier": "db"}),
                             ("sel-c", {"app": "other"})):
            self.core.create_namespaced_config_map(NS, cm(name, labels=labels))

        def names(**kw):
            return sorted(i.metadata.name for i in self.core.list_namespaced_config_map(NS, **kw).items)
        self.assertEqual(names(label_selector="app=sel"), ["sel-a", "sel-b"])
        self.assertEqual(names(label_selector="app=sel,tier!=web"), ["sel-b"])
        self.assertEqual(names(label_selector="tier in (web,db)"), ["sel-a", "sel-b"])
        self.assertEqual(names(label_selector="app=nothing"), [])
        self.assertEqual(names(field_selector="metadata.name=sel-c"), ["sel-c"])
        self.assertEqual(names(field_selector="metadata.name!=sel-a", label_selector="tier"),
                         ["sel-b"])
        self.assertEqual(names(field_selector="metadata.name!=sel-c", label_selector="app in (sel,other)"),
                         ["sel-a", "sel-b"])
        lst = self.core.list_namespaced_config_map(NS, label_selector="app=sel")
        self.assertTrue(lst.metadata.resource_version)
        everywhere = self.core.list_config_map_for_all_namespaces(label_selector="app=sel")
        self.assertEqual(sorted(i.metadata.name for i in everywhere.items), ["sel-a", "sel-b"])
        err = self.assertApiError(400, self.core.list_namespaced_config_map, NS, field_selector="data.k=v")
        self.assertEqual(json.loads(err.body)["message"],
                         '"data.k" is not a known field selector: only "metadata.name", "metadata.namespace"')
        err = self.assertApiError(400, self.core.list_namespaced_pod, NS, field_selector="spec.nope=v")
        self.assertEqual(json.loads(err.body)["message"], "field label not supported: spec.nope")

    def test_service_field_selectors(self):
        for name, kind in (("fs-plain", "ClusterIP"), ("fs-node", "NodePort")):
            self.core.create_namespaced_service(NS, {"metadata": {"name": name}, "spec": {
                "type": kind, "selector": {"app": name}, "ports": [{"port": 80}]}})
        self.core.create_namespaced_service(NS, {"metadata": {"name": "fs-headless"}, "spec": {
            "clusterIP": "None", "selector": {"app": "h"}, "ports": [{"port": 80}]}})

        def names(selector):
            return sorted(i.metadata.name for i in self.core.list_namespaced_service(NS, field_selector=selector).items)
        # kube-proxy 1.32 watches Services with this selector.
        self.assertEqual(names("spec.clusterIP!=None"), ["fs-node", "fs-plain"])
        self.assertEqual(names("spec.type=NodePort"), ["fs-node"])
        self.assertEqual(names("spec.type=ClusterIP,metadata.name!=fs-plain"), ["fs-headless"])

    def test_list_pagination(self):
        for i in range(5):
            self.core.create_namespaced_config_map(NS, cm("page-%d" % i, labels={"paged": "yes"}))
        seen, token = [], None
        while True:
            kw = {"label_selector": "paged=yes", "limit": 2}
            if token:
                kw["_continue"] = token
            page = self.core.list_namespaced_config_map(NS, **kw)
            self.assertLessEqual(len(page.items), 2)
            seen += [i.metadata.name for i in page.items]
            token = page.metadata._continue
            if not token:
                break
        self.assertEqual(seen, ["page-%d" % i for i in range(5)])

    def test_watch_sees_added_modified_deleted(self):
        start = self.core.list_namespaced_config_map(NS, field_selector="metadata.name=watched")
        events, done = [], threading.Event()

        def run():
            w = watch.Watch()
            try:
                for ev in w.stream(self.core.list_namespaced_config_map, NS,
                                   field_selector="metadata.name=watched",
                                   resource_version=start.metadata.resource_version, timeout_seconds=60):
                    events.append((ev["type"], ev["object"].metadata.name, dict(ev["object"].data or {})))
                    if ev["type"] == "DELETED":
                        w.stop()
            finally:
                done.set()
        t = threading.Thread(target=run, daemon=True)
        t.start()
        self.core.create_namespaced_config_map(NS, cm("ignored"))  # filtered out by the field selector
        self.core.create_namespaced_config_map(NS, cm("watched", {"v": "1"}))
        self.core.patch_namespaced_config_map("watched", NS, {"data": {"v": "2"}})
        self.core.delete_namespaced_config_map("watched", NS)
        self.assertTrue(done.wait(90), "watch did not see DELETED; got %r" % events)
        self.assertEqual(events, [("ADDED", "watched", {"v": "1"}), ("MODIFIED", "watched", {"v": "2"}),
                                  ("DELETED", "watched", {"v": "2"})])

    def test_streaming_list(self):
        # A watch with sendInitialEvents (what client-go's WatchListClient asks for): the
        # current objects, a bookmark annotated k8s.io/initial-events-end, then the changes.
        for name in ("stream-a", "stream-b"):
            self.core.create_namespaced_config_map(NS, cm(name, labels={"stream": "yes"}))
        path = "/api/v1/namespaces/%s/configmaps" % NS
        resp = self.api_client.call_api(
            path, "GET", query_params=[("watch", "true"), ("sendInitialEvents", "true"),
                                       ("resourceVersionMatch", "NotOlderThan"), ("allowWatchBookmarks", "true"),
                                       ("labelSelector", "stream=yes"), ("timeoutSeconds", "30")],
            _preload_content=False, _return_http_data_only=True)
        lines = watch.watch.iter_resp_lines(resp)
        try:
            first = [json.loads(next(lines)) for _ in range(3)]
            self.assertEqual([(e["type"], e["object"]["metadata"].get("name")) for e in first],
                             [("ADDED", "stream-a"), ("ADDED", "stream-b"), ("BOOKMARK", None)])
            bookmark = first[2]["object"]["metadata"]
            self.assertEqual(bookmark["annotations"], {"k8s.io/initial-events-end": "true"})
            self.assertGreaterEqual(int(bookmark["resourceVersion"]),
                                    int(first[1]["object"]["metadata"]["resourceVersion"]))
            self.core.create_namespaced_config_map(NS, cm("stream-c", labels={"stream": "yes"}))
            after = json.loads(next(lines))
            self.assertEqual((after["type"], after["object"]["metadata"]["name"]), ("ADDED", "stream-c"))
            self.assertGreater(int(after["object"]["metadata"]["resourceVersion"]), int(bookmark["resourceVersion"]))
        finally:
            resp.release_conn()

        # Lists take no sendInitialEvents, and a streaming watch needs NotOlderThan: upstream's 422.
        e = self.assertApiError(422, self.api_client.call_api, path, "GET",
                                query_params=[("sendInitialEvents", "true")], _preload_content=False)
        body = json.loads(e.body)
        self.assertEqual(body["message"], 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: '
                                          'Forbidden: sendInitialEvents is forbidden for list')
        self.assertEqual((body["details"]["group"], body["details"]["kind"]), ("meta.k8s.io", "ListOptions"))
        e = self.assertApiError(422, self.api_client.call_api, path, "GET",
                                query_params=[("watch", "true"), ("sendInitialEvents", "true")],
                                _preload_content=False)
        self.assertIn("sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
                      json.loads(e.body)["message"])

    def test_watch_times_out(self):
        w = watch.Watch()
        got = list(w.stream(self.core.list_namespaced_config_map, NS, label_selector="never=seen",
                            timeout_seconds=2))
        self.assertEqual(got, [])

    # --- errors ---

    def test_errors_are_api_exceptions_with_status_codes(self):
        e = self.assertApiError(404, self.core.read_namespaced_config_map, "nope", NS)
        self.assertIn('configmaps \\"nope\\" not found', e.body)
        self.core.create_namespaced_config_map(NS, cm("dup"))
        e = self.assertApiError(409, self.core.create_namespaced_config_map, NS, cm("dup"))
        self.assertIn('"reason":"AlreadyExists"', e.body.replace(" ", ""))
        e = self.assertApiError(422, self.core.create_namespaced_config_map, NS, cm("Bad_Name"))
        self.assertIn('"reason":"Invalid"', e.body.replace(" ", ""))
        self.assertIn("metadata.name", e.body)
        stale = self.core.read_namespaced_config_map("dup", NS)
        self.core.patch_namespaced_config_map("dup", NS, {"data": {"k": "changed"}})
        stale.data = {"k": "stale"}
        e = self.assertApiError(409, self.core.replace_namespaced_config_map, "dup", NS, stale)
        self.assertIn('"reason":"Conflict"', e.body.replace(" ", ""))
        self.assertApiError(404, self.core.create_namespaced_config_map, "no-such-ns", cm("x"))
        self.assertApiError(404, self.core.delete_namespaced_config_map, "nope", NS)

    # --- Deployments ---

    def test_deployment_crud_and_scale(self):
        d = self.apps.create_namespaced_deployment(NS, deployment("web", replicas=2))
        self.assertEqual(d.spec.replicas, 2)
        self.assertEqual(d.spec.strategy.type, "RollingUpdate")
        self.assertEqual(d.spec.revision_history_limit, 10)
        self.assertEqual(d.spec.progress_deadline_seconds, 600)
        self.assertEqual(d.metadata.generation, 1)

        got = self.apps.list_namespaced_deployment(NS, label_selector="app=web")
        self.assertEqual([i.metadata.name for i in got.items], ["web"])
        got = self.apps.list_namespaced_deployment(NS, field_selector="metadata.name=web")
        self.assertEqual([i.metadata.name for i in got.items], ["web"])

        # Strategic merge patch (the client's default for a dict): containers merge by name.
        d = self.apps.patch_namespaced_deployment("web", NS, {"spec": {"template": {"spec": {
            "containers": [{"name": "main", "image": "busybox:1.37"}]}}}})
        c = d.spec.template.spec.containers[0]
        self.assertEqual(c.image, "busybox:1.37")
        self.assertEqual([e.name for e in c.env], ["A"])
        self.assertEqual(d.metadata.generation, 2)

        scale = self.apps.read_namespaced_deployment_scale("web", NS)
        self.assertEqual(scale.spec.replicas, 2)
        self.apps.patch_namespaced_deployment_scale("web", NS, {"spec": {"replicas": 4}})
        self.assertEqual(self.apps.read_namespaced_deployment("web", NS).spec.replicas, 4)

        self.apps.delete_namespaced_deployment("web", NS)
        harness.wait_for(lambda: self._gone(self.apps.read_namespaced_deployment, "web"), 60,
                         "deployment web to be deleted")
        bad = deployment("bad")
        bad.spec.selector = client.V1LabelSelector(match_labels={"app": "different"})
        e = self.assertApiError(422, self.apps.create_namespaced_deployment, NS, bad)
        self.assertIn("spec.template.metadata.labels", e.body)

    def _apply(self, path, body, manager, force=False):
        # The client has no apply method: the request goes through its generic call_api with
        # the apply content type, as `kubectl apply --server-side` and controllers using SSA
        # send it.
        query = [("fieldManager", manager)] + ([("force", "true")] if force else [])
        return self.api_client.call_api(
            path, "PATCH", query_params=query,
            header_params={"Content-Type": "application/apply-patch+yaml",
                           "Accept": "application/json"},
            body=body, response_type="object", auth_settings=["BearerToken"],
            _return_http_data_only=True)

    def test_server_side_apply_through_scale(self):
        self.apps.create_namespaced_deployment(NS, deployment("applied", replicas=1))
        path = "/apis/apps/v1/namespaces/%s/deployments/applied/scale" % NS
        body = ('{"apiVersion":"autoscaling/v1","kind":"Scale",'
                '"metadata":{"name":"applied","namespace":"%s"},"spec":{"replicas":3}}' % NS)
        # The creator's Update owns spec.replicas: taking it over needs force, as upstream.
        e = self.assertApiError(409, self._apply, path, body, "py-scaler")
        self.assertIn(".spec.replicas", e.body)
        scale = self._apply(path, body, "py-scaler", force=True)
        self.assertEqual(scale["kind"], "Scale")
        self.assertEqual(scale["spec"]["replicas"], 3)
        d = self.apps.read_namespaced_deployment("applied", NS)
        self.assertEqual(d.spec.replicas, 3)
        entries = [m for m in d.metadata.managed_fields if m.manager == "py-scaler"]
        self.assertEqual(len(entries), 1, d.metadata.managed_fields)
        self.assertEqual(entries[0].operation, "Apply")
        self.assertEqual(entries[0].subresource, "scale")
        self.assertEqual(entries[0].fields_v1, {"f:spec": {"f:replicas": {}}})
        # Another manager's conflicting apply is refused with 409 unless forced.
        e = self.assertApiError(409, self._apply, path, body.replace('"replicas":3', '"replicas":4'),
                                "other")
        self.assertIn("py-scaler", e.body)

    def _gone(self, read, name):
        try:
            read(name, NS)
            return False
        except ApiException as e:
            return e.status == 404

    # --- Services ---

    def test_service_allocates_cluster_ip_and_node_port(self):
        svc = client.V1Service(
            metadata=client.V1ObjectMeta(name="web", labels={"app": "web"}),
            spec=client.V1ServiceSpec(type="NodePort", selector={"app": "web"},
                                      ports=[client.V1ServicePort(port=80, target_port=8080)]))
        s = self.core.create_namespaced_service(NS, svc)
        self.assertRegex(s.spec.cluster_ip, r"^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$")  # 10.96.0.0/12
        self.assertEqual(s.spec.cluster_i_ps, [s.spec.cluster_ip])
        self.assertNotEqual(s.spec.cluster_ip, "10.96.0.1")  # the kubernetes Service's
        port = s.spec.ports[0]
        self.assertEqual((port.protocol, port.target_port), ("TCP", 8080))
        self.assertTrue(30000 <= port.node_port <= 32767, port)
        self.assertEqual(s.spec.session_affinity, "None")

        got = self.core.list_namespaced_service(NS, label_selector="app=web")
        self.assertEqual([i.metadata.name for i in got.items], ["web"])
        s = self.core.patch_namespaced_service("web", NS, {"metadata": {"labels": {"patched": "yes"}}})
        self.assertEqual(s.metadata.labels, {"app": "web", "patched": "yes"})
        self.assertEqual(s.spec.ports[0].node_port, port.node_port)  # allocations are kept

        clash = client.V1Service(metadata=client.V1ObjectMeta(name="clash"),
                                 spec=client.V1ServiceSpec(type="NodePort", selector={"app": "web"},
                                 ports=[client.V1ServicePort(port=80, node_port=port.node_port)]))
        self.assertApiError(422, self.core.create_namespaced_service, NS, clash)
        self.core.delete_namespaced_service("web", NS)
        self.assertApiError(404, self.core.read_namespaced_service, "web", NS)

    def test_default_kubernetes_service(self):
        s = self.core.read_namespaced_service("kubernetes", "default")
        self.assertEqual(s.spec.cluster_ip, "10.96.0.1")
        self.assertEqual(s.spec.ports[0].port, 443)

    # --- Pods (stored only) ---

    def ensure_default_service_account(self):
        # Pods run as the namespace's default account. Until kubepp has the
        # serviceaccount controller, the test creates it as an administrator could.
        try:
            self.core.read_namespaced_service_account("default", NS)
        except ApiException:
            self.core.create_namespaced_service_account(
                NS, {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}})

    def test_pods_stored(self):
        self.ensure_default_service_account()
        p = self.core.create_namespaced_pod(NS, pod("p1", {"app": "pods"}))
        self.assertEqual(p.status.phase, "Pending")
        self.assertEqual(p.spec.restart_policy, "Always")
        self.assertEqual(p.spec.service_account_name, "default")
        self.assertEqual(p.status.qos_class, "BestEffort")
        self.core.create_namespaced_pod(NS, pod("p2", {"app": "pods"}))

        def names(**kw):
            return sorted(i.metadata.name for i in self.core.list_namespaced_pod(NS, **kw).items)
        self.assertEqual(names(label_selector="app=pods"), ["p1", "p2"])
        self.assertEqual(names(field_selector="metadata.name=p2"), ["p2"])
        self.assertEqual(names(field_selector="status.phase=Pending,metadata.name=p1"), ["p1"])
        self.assertEqual(names(field_selector="status.phase=Running", label_selector="app=pods"), [])
        self.assertEqual(names(field_selector="spec.restartPolicy=Always", label_selector="app=pods"),
                         ["p1", "p2"])

        p = self.core.patch_namespaced_pod("p1", NS, {"metadata": {"annotations": {"note": "x"}}})
        self.assertEqual(p.metadata.annotations, {"note": "x"})
        e = self.assertApiError(422, self.core.patch_namespaced_pod, "p1", NS,
                                {"spec": {"containers": [{"name": "c", "image": "busybox:1.36"},
                                                         {"name": "d", "image": "busybox:1.36"}]}})
        # Upstream's ValidatePodUpdate refuses a changed container count first.
        self.assertIn("Forbidden: pod updates may not add or remove containers", e.body)

        # An unscheduled pod has nothing to stop: it is deleted at once.
        self.core.delete_namespaced_pod("p1", NS)
        self.assertApiError(404, self.core.read_namespaced_pod, "p1", NS)
        self.core.delete_namespaced_pod("p2", NS, grace_period_seconds=0)
        self.assertEqual(names(label_selector="app=pods"), [])

    # --- Bindings ---

    def test_partial_object_metadata(self):
        # What client-go's metadata informers ask for: the objects' metadata alone.
        self.core.create_namespaced_config_map(NS, cm("meta-a", {"k": "v"}, {"app": "meta"}))
        path = "/api/v1/namespaces/%s/configmaps" % NS

        def call(accept, url=path, query=None):
            r = self.api_client.call_api(url, "GET", header_params={"Accept": accept}, query_params=query or [],
                                         _preload_content=False, _return_http_data_only=True)
            return r.data.decode()

        listed = json.loads(call("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json",
                                 query=[("labelSelector", "app=meta")]))
        self.assertEqual((listed["kind"], listed["apiVersion"]), ("PartialObjectMetadataList", "meta.k8s.io/v1"))
        self.assertTrue(listed["metadata"]["resourceVersion"])
        [item] = listed["items"]
        self.assertEqual((item["kind"], item["apiVersion"]), ("PartialObjectMetadata", "meta.k8s.io/v1"))
        self.assertEqual(item["metadata"]["labels"], {"app": "meta"})
        self.assertTrue(item["metadata"]["resourceVersion"])
        self.assertNotIn("data", item)

        one = json.loads(call("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1beta1",
                              url=path + "/meta-a"))
        self.assertEqual((one["kind"], one["apiVersion"], one["metadata"]["name"]),
                         ("PartialObjectMetadata", "meta.k8s.io/v1beta1", "meta-a"))

        events = [json.loads(line) for line in call(
            "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1",
            query=[("watch", "true"), ("resourceVersion", "0"), ("timeoutSeconds", "1"),
                   ("labelSelector", "app=meta")]).splitlines() if line]
        self.assertEqual([(e["type"], e["object"]["kind"], e["object"]["metadata"]["name"]) for e in events],
                         [("ADDED", "PartialObjectMetadata", "meta-a")])

        # The list form for one object, the single form for a list, and forms kubepp does not serve: 406.
        for accept, url in (("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1", path + "/meta-a"),
                            ("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1", path),
                            ("application/json;as=Foo;g=meta.k8s.io;v=v1", path)):
            self.assertApiError(406, call, accept, url)
        # An entry kubepp cannot serve gives way to the next one.
        self.assertEqual(json.loads(call("application/vnd.kubernetes.protobuf,application/json", url=path + "/meta-a"))
                         ["kind"], "ConfigMap")

    def test_access_reviews_are_answered_not_stored(self):
        authz = client.AuthorizationV1Api(self.api_client)
        attributes = {"verb": "delete", "resource": "pods", "namespace": NS}
        # kubepp authorizes every authenticated request, as upstream's AlwaysAllow mode does.
        r = authz.create_self_subject_access_review({"spec": {"resourceAttributes": attributes}})
        self.assertTrue(r.status.allowed)
        self.assertIsNone(r.metadata.name)
        r = authz.create_subject_access_review({"spec": {"user": "alice", "nonResourceAttributes": {
            "verb": "get", "path": "/healthz"}}})
        self.assertTrue(r.status.allowed)
        r = authz.create_namespaced_local_subject_access_review(NS, {"spec": {
            "groups": ["team"], "resourceAttributes": attributes}})
        self.assertTrue(r.status.allowed)
        self.assertEqual(r.metadata.namespace, NS)
        r = authz.create_self_subject_rules_review({"spec": {"namespace": NS}})
        self.assertEqual([(x.verbs, x.api_groups, x.resources) for x in r.status.resource_rules],
                         [(["*"], ["*"], ["*"])])
        self.assertEqual([(x.verbs, x.non_resource_ur_ls) for x in r.status.non_resource_rules], [(["*"], ["*"])])
        self.assertFalse(r.status.incomplete)

        def message(e):
            return json.loads(e.body)["message"]
        e = self.assertApiError(422, authz.create_subject_access_review, {"spec": {"resourceAttributes": attributes}})
        self.assertEqual(message(e), 'SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: '
                         'Invalid value: "": at least one of user or group must be specified')
        e = self.assertApiError(422, authz.create_self_subject_access_review, {"spec": {}})
        self.assertIn("spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes "
                      "or resourceAttributes must be specified", message(e))
        e = self.assertApiError(422, authz.create_namespaced_local_subject_access_review, NS, {"spec": {
            "user": "alice", "resourceAttributes": dict(attributes, namespace="elsewhere")}})
        self.assertIn('spec.resourceAttributes.namespace: Invalid value: "elsewhere": must match metadata.namespace',
                      message(e))
        e = self.assertApiError(422, authz.create_self_subject_access_review, {
            "metadata": {"name": "kept"}, "spec": {"resourceAttributes": attributes}})
        self.assertIn("metadata: Invalid value", message(e))

        r = self.kubectl("auth", "can-i", "create", "deployments", "-n", NS)
        self.assertEqual((r.returncode, r.stdout.strip()), (0, "yes"))
        out = self.kubectl("auth", "can-i", "--list", "-n", NS).stdout.split("\n")
        self.assertEqual(out[1].split(), ["*.*", "[]", "[]", "[*]"])

    def test_pod_binding(self):
        self.ensure_default_service_account()
        self.core.create_namespaced_pod(NS, pod("bound"))

        def bind(body, name="bound"):
            # The answer is a Status, which the generated client would try to read as a Binding.
            return self.core.create_namespaced_pod_binding(name, NS, body, _preload_content=False)

        def text(e):
            return e.body.decode() if isinstance(e.body, bytes) else e.body

        def binding(name, node, kind="Node", annotations=None):
            return {"apiVersion": "v1", "kind": "Binding",
                    "metadata": {"name": name, "annotations": annotations or {}},
                    "target": {"apiVersion": "v1", "kind": kind, "name": node}}

        e = self.assertApiError(400, bind, binding("other", "n1"))
        self.assertIn("name in URL does not match name in Binding object", text(e))
        # Upstream reports a bad target without a reason, as a server error.
        e = self.assertApiError(500, bind, binding("bound", ""))
        self.assertIn("target.name: Required value", text(e))
        e = self.assertApiError(500, bind, binding("bound", "n1", kind="Pod"))
        self.assertIn('target.kind: Unsupported value: \\"Pod\\"', text(e))

        r = bind(binding("bound", "n1", annotations={"bound-by": "test"}))
        self.assertEqual(r.status, 201)
        self.assertEqual(json.loads(r.data)["status"], "Success")
        p = self.core.read_namespaced_pod("bound", NS)
        self.assertEqual(p.spec.node_name, "n1")
        self.assertEqual(p.metadata.annotations, {"bound-by": "test"})
        scheduled = [c for c in p.status.conditions if c.type == "PodScheduled"]
        self.assertEqual([(c.status, c.reason) for c in scheduled], [("True", None)])
        self.assertIsNotNone(scheduled[0].last_transition_time)

        e = self.assertApiError(409, bind, binding("bound", "n2"))
        status = json.loads(text(e))
        self.assertEqual(status["reason"], "Conflict")
        self.assertEqual(status["details"], {"name": "bound", "kind": "pods/binding"})
        self.assertIn('is already assigned to node \\"n1\\"', text(e))
        self.assertEqual(self.core.read_namespaced_pod("bound", NS).spec.node_name, "n1")

        # The namespace's bindings collection binds the pod its Binding names.
        self.core.create_namespaced_pod(NS, pod("bound-older-way"))
        r = self.core.create_namespaced_binding(NS, binding("bound-older-way", "n2"), _preload_content=False)
        self.assertEqual(r.status, 201)
        self.assertEqual(self.core.read_namespaced_pod("bound-older-way", NS).spec.node_name, "n2")
        self.assertApiError(404, self.core.create_namespaced_binding, NS, binding("missing", "n2"),
                            _preload_content=False)


if __name__ == "__main__":
    unittest.main()

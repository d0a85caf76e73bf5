"""Service account tokens against a real `kubepp server` (no agent):

TokenRequest through `kubectl create token` and the Python client, the tokens used as bearer
credentials by kubectl (`--token`, no client certificate) and by the Python client, 401 for
tokens that are garbage, expired-by-binding or of a deleted pod, TokenReview, the issuer's
OpenID discovery documents, legacy token Secrets filled by the controller-manager, and the
kube-api-access projected volume ServiceAccount admission gives every pod.

kubepp authorizes every authenticated user (upstream's --authorization-mode=AlwaysAllow; it has
no RBAC yet), so a service account may list what an administrator may.
"""

import base64
import json
import os
import unittest

import harness

try:
    from kubernetes import client, config
    from kubernetes.client.rest import ApiException
except ImportError:  # pragma: no cover - depends on the machine
    client = None

NS = "tokens"
ISSUER = "https://kubernetes.default.svc.cluster.local"


def claims_of(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


class ServiceAccountTokenTest(harness.ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.kubectl("create", "namespace", NS)
        harness.wait_for(lambda: cls.server.kubectl("get", "sa", "default", "-n", NS).returncode == 0, 60,
                         "the default ServiceAccount of %s" % NS)

    # --- helpers ---

    def as_token(self, token, *args):
        """kubectl with only a bearer token: no kubeconfig user, no client certificate."""
        ca = os.path.join(self.server.tmp, "ca.crt")
        if not os.path.exists(ca):
            with open(ca, "wb") as f:
                f.write(harness.read_kubeconfig(self.server.kubeconfig)["ca"])
        empty = os.path.join(self.server.tmp, "empty.kubeconfig")
        if not os.path.exists(empty):
            with open(empty, "w") as f:
                f.write("apiVersion: v1\nkind: Config\n")
        return self.server.kubectl("--server", self.server.url, "--certificate-authority", ca, "--token", token,
                                   *args, kubeconfig=empty)

    def create_token(self, *args):
        return self.ok("create", "token", "default", "-n", NS, *args).strip()

    # --- tests ---

    def test_create_token_and_use_it(self):
        token = self.create_token()
        claims = claims_of(token)
        self.assertEqual(claims["iss"], ISSUER)
        self.assertEqual(claims["aud"], [ISSUER])
        self.assertEqual(claims["sub"], "system:serviceaccount:%s:default" % NS)
        self.assertEqual(claims["exp"] - claims["iat"], 3600)
        sa_uid = self.ok("get", "sa", "default", "-n", NS, "-o", "jsonpath={.metadata.uid}")
        self.assertEqual(claims["kubernetes.io"]["serviceaccount"], {"name": "default", "uid": sa_uid})

        who = self.as_token(token, "auth", "whoami", "-o", "json")
        self.assertEqual(who.returncode, 0, who.stderr)
        info = json.loads(who.stdout)["status"]["userInfo"]
        self.assertEqual(info["username"], "system:serviceaccount:%s:default" % NS)
        self.assertEqual(info["groups"], ["system:serviceaccounts", "system:serviceaccounts:" + NS,
                                          "system:authenticated"])
        listed = self.as_token(token, "get", "serviceaccounts", "-n", NS, "-o", "name")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertIn("serviceaccount/default", listed.stdout.split())

    def test_bad_tokens_are_unauthorized(self):
        for token in ("garbage", self.create_token()[:-4] + "AAAA"):
            r = self.as_token(token, "get", "pods", "-n", NS)
            self.assertEqual(r.returncode, 1)
            self.assertIn("error: You must be logged in to the server (Unauthorized)", r.stderr)

    def test_audience_and_duration(self):
        token = self.create_token("--audience", "vault", "--duration", "20m")
        claims = claims_of(token)
        self.assertEqual(claims["aud"], ["vault"])
        self.assertEqual(claims["exp"] - claims["iat"], 1200)
        # Not for the apiserver: its audience is the issuer.
        r = self.as_token(token, "get", "pods", "-n", NS)
        self.assertIn("(Unauthorized)", r.stderr)
        err = self.fails("create", "token", "default", "-n", NS, "--duration", "5m")
        self.assertIn("may not specify a duration less than 10 minutes", err)
        err = self.fails("create", "token", "nobody", "-n", NS)
        self.assertIn('serviceaccounts "nobody" not found', err)

    def test_pod_bound_token_dies_with_the_pod(self):
        self.ok("run", "bound", "-n", NS, "--image=busybox", "--restart=Never")
        uid = self.ok("get", "pod", "bound", "-n", NS, "-o", "jsonpath={.metadata.uid}")
        token = self.create_token("--bound-object-kind", "Pod", "--bound-object-name", "bound",
                                  "--bound-object-uid", uid)
        self.assertEqual(claims_of(token)["kubernetes.io"]["pod"], {"name": "bound", "uid": uid})
        who = json.loads(self.as_token(token, "auth", "whoami", "-o", "json").stdout)["status"]["userInfo"]
        self.assertEqual(who["extra"]["authentication.kubernetes.io/pod-name"], ["bound"])
        err = self.fails("create", "token", "default", "-n", NS, "--bound-object-kind", "Pod",
                         "--bound-object-name", "bound", "--bound-object-uid", "stale")
        self.assertIn("the UID in the bound object reference (stale) does not match the UID in record", err)

        self.ok("delete", "pod", "bound", "-n", NS, "--grace-period=0", "--force")
        r = self.as_token(token, "get", "pods", "-n", NS)
        self.assertIn("(Unauthorized)", r.stderr)

    def test_token_review(self):
        token = self.create_token()
        review = {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": {"token": token}}
        # kubectl's client-side validation does not find TokenReview in kubepp's OpenAPI yet.
        create = ("create", "--validate=false", "-f", "-", "-o", "json")
        out = json.loads(self.ok(*create, input=json.dumps(review)))
        self.assertTrue(out["status"]["authenticated"])
        self.assertEqual(out["status"]["user"]["username"], "system:serviceaccount:%s:default" % NS)
        self.assertEqual(out["status"]["audiences"], [ISSUER])
        review["spec"]["token"] = "garbage"
        out = json.loads(self.ok(*create, input=json.dumps(review)))
        self.assertNotIn("authenticated", out["status"])
        self.assertEqual(out["status"]["error"], "invalid bearer token")

    def test_openid_discovery(self):
        doc = json.loads(self.ok("get", "--raw", "/.well-known/openid-configuration"))
        self.assertEqual(doc["issuer"], ISSUER)
        self.assertTrue(doc["jwks_uri"].endswith("/openid/v1/jwks"))
        self.assertEqual(doc["id_token_signing_alg_values_supported"], ["ES256"])
        keys = json.loads(self.ok("get", "--raw", "/openid/v1/jwks"))["keys"]
        header = json.loads(base64.urlsafe_b64decode(self.create_token().split(".")[0] + "=="))
        self.assertIn(header["kid"], [k["kid"] for k in keys])

    def test_legacy_token_secret(self):
        secret = {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
                  "metadata": {"name": "default-token", "namespace": NS,
                               "annotations": {"kubernetes.io/service-account.name": "default"}}}
        self.ok("create", "-f", "-", input=json.dumps(secret))

        def token():
            data = json.loads(self.ok("get", "secret", "default-token", "-n", NS, "-o", "json")).get("data", {})
            return base64.b64decode(data["token"]).decode() if "token" in data else None
        legacy = harness.wait_for(token, 60, "the controller-manager to fill default-token")
        data = json.loads(self.ok("get", "secret", "default-token", "-n", NS, "-o", "json"))["data"]
        self.assertEqual(base64.b64decode(data["namespace"]).decode(), NS)
        self.assertEqual(base64.b64decode(data["ca.crt"]), harness.read_kubeconfig(self.server.kubeconfig)["ca"])
        self.assertEqual(claims_of(legacy)["iss"], "kubernetes/serviceaccount")
        who = self.as_token(legacy, "auth", "whoami", "-o", "json")
        self.assertEqual(who.returncode, 0, who.stderr)
        self.assertEqual(json.loads(who.stdout)["status"]["userInfo"]["username"],
                         "system:serviceaccount:%s:default" % NS)
        self.ok("delete", "secret", "default-token", "-n", NS)
        self.assertIn("(Unauthorized)", self.as_token(legacy, "get", "pods", "-n", NS).stderr)

    def test_pods_get_the_api_access_volume(self):
        self.ok("run", "plain", "-n", NS, "--image=busybox", "--restart=Never")
        spec = json.loads(self.ok("get", "pod", "plain", "-n", NS, "-o", "json"))["spec"]
        self.assertEqual(spec["serviceAccountName"], "default")
        volume = spec["volumes"][0]
        self.assertRegex(volume["name"], r"^kube-api-access-[a-z0-9]{5}$")
        self.assertEqual(volume["projected"], {
            "defaultMode": 420,
            "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {
                    "apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}]})
        self.assertEqual(spec["containers"][0]["volumeMounts"], [{
            "name": volume["name"], "readOnly": True,
            "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}])

        opted_out = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "quiet", "namespace": NS},
                     "spec": {"automountServiceAccountToken": False,
                              "containers": [{"name": "c", "image": "busybox"}]}}
        self.ok("create", "-f", "-", input=json.dumps(opted_out))
        spec = json.loads(self.ok("get", "pod", "quiet", "-n", NS, "-o", "json"))["spec"]
        self.assertNotIn("volumes", spec)
        err = self.fails("run", "ghost", "-n", NS, "--image=busybox", "--overrides",
                         json.dumps({"spec": {"serviceAccountName": "ghost"}}))
        self.assertIn('pods "ghost" is forbidden: error looking up service account %s/ghost: '
                      'serviceaccount "ghost" not found' % NS, err)


@unittest.skipIf(client is None, "python3-kubernetes is not installed for this interpreter")
class PythonClientTokenTest(harness.ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = config.new_client_from_config(config_file=cls.server.kubeconfig)

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "admin", None) is not None:
            cls.admin.close()
        super().tearDownClass()

    def with_token(self, token):
        cfg = client.Configuration()
        cfg.host = self.server.url
        ca = os.path.join(self.server.tmp, "py-ca.crt")
        with open(ca, "wb") as f:
            f.write(harness.read_kubeconfig(self.server.kubeconfig)["ca"])
        cfg.ssl_ca_cert = ca
        cfg.api_key = {"authorization": token}
        cfg.api_key_prefix = {"authorization": "Bearer"}
        return client.ApiClient(cfg)

    def test_token_request_and_bearer_use(self):
        core = client.CoreV1Api(self.admin)
        harness.wait_for(lambda: core.read_namespaced_service_account("default", "default"), 60,
                         "the default ServiceAccount")
        req = client.AuthenticationV1TokenRequest(spec=client.V1TokenRequestSpec(audiences=[],
                                                                                 expiration_seconds=900))
        resp = core.create_namespaced_service_account_token("default", "default", req)
        self.assertEqual(resp.spec.expiration_seconds, 900)
        self.assertIsNotNone(resp.status.expiration_timestamp)
        token = resp.status.token

        api = self.with_token(token)
        try:
            names = [n.metadata.name for n in client.CoreV1Api(api).list_namespace().items]
            self.assertIn("default", names)
        finally:
            api.close()
        review = client.AuthenticationV1Api(self.admin).create_token_review(
            client.V1TokenReview(spec=client.V1TokenReviewSpec(token=token)))
        self.assertTrue(review.status.authenticated)
        self.assertEqual(review.status.user.username, "system:serviceaccount:default:default")

        bad = self.with_token("garbage")
        try:
            with self.assertRaises(ApiException) as caught:
                client.CoreV1Api(bad).list_namespace()
            self.assertEqual(caught.exception.status, 401)
        finally:
            bad.close()


if __name__ == "__main__":
    unittest.main()

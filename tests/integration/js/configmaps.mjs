// The official JavaScript client against a kubepp apiserver: create, read,
// list with a label selector, watch from the list's resourceVersion, merge
// patch, delete, and the NotFound Status after it. Prints one line per step
// for test_js_client.py; exits non-zero on any failure.
//
//   KUBECONFIG=... NAMESPACE=... node configmaps.mjs
import * as k8s from '@kubernetes/client-node';

const kc = new k8s.KubeConfig();
kc.loadFromFile(process.env.KUBECONFIG);
const core = kc.makeApiClient(k8s.CoreV1Api);
const namespace = process.env.NAMESPACE;

await core.createNamespacedConfigMap({
  namespace,
  body: {metadata: {name: 'js-cm', labels: {app: 'js'}}, data: {value: '1'}},
});
const read = await core.readNamespacedConfigMap({name: 'js-cm', namespace});
console.log(`read ${read.data.value}`);

const listed = await core.listNamespacedConfigMap({namespace, labelSelector: 'app=js'});
console.log(`list ${listed.items.map((cm) => cm.metadata.name).join(',')}`);

const events = [];
let deleted;
const gone = new Promise((resolve) => { deleted = resolve; });
const watch = new k8s.Watch(kc);
const request = await watch.watch(
  `/api/v1/namespaces/${namespace}/configmaps`,
  {labelSelector: 'app=js', resourceVersion: listed.metadata.resourceVersion},
  (type, obj) => {
    events.push(`${type}:${obj.metadata.name}:${(obj.data || {}).value}`);
    if (type === 'DELETED') deleted();
  },
  () => {});

await core.patchNamespacedConfigMap(
  {name: 'js-cm', namespace, body: {data: {value: '2'}}},
  k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
await core.deleteNamespacedConfigMap({name: 'js-cm', namespace});

// The watch's DELETED event, or give up after 30 s.
const deadline = new Promise((_, reject) => setTimeout(() => reject(new Error('no DELETED event in 30 s')), 30000));
await Promise.race([gone, deadline]);
request.abort();
console.log(`watch ${events.join(' ')}`);

try {
  await core.readNamespacedConfigMap({name: 'js-cm', namespace});
  console.log('still there');
} catch (e) {
  console.log(`after delete ${e.code} ${JSON.parse(e.body).reason}`);
}
process.exit(0);

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { applyOperation, objectId } from '../render.mjs';
import { kubernetesDir, overlays, rendered } from './support.mjs';

function kubectlAvailable() {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

for (const overlay of overlays) {
  test(`${overlay}: renders the four services, their databases and Kafka resources`, () => {
    const kinds = rendered(overlay).map((obj) => `${obj.kind}/${obj.metadata.name}`);
    for (const expected of ['Deployment/portal-api', 'Deployment/registry-service', 'Deployment/routing-service',
      'Deployment/validation-service', 'Kafka/knooppunt', 'KafkaNodePool/dual-role', 'Cluster/registry-db',
      'Cluster/routing-db', 'Ingress/portal-api', 'NetworkPolicy/default-deny-all']) {
      assert.ok(kinds.includes(expected), `${expected} missing from ${overlay}`);
    }
    assert.ok(rendered(overlay).every((obj) => obj.kind === 'Namespace' || obj.metadata.namespace === 'knooppunt'));
  });

  test(`${overlay}: equals the output of kubectl kustomize`, { skip: !kubectlAvailable() && 'kubectl not installed' }, () => {
    const out = execFileSync('kubectl', ['kustomize', path.join(kubernetesDir, 'overlays', overlay)],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const theirs = new Map(parseAllDocuments(out).map((doc) => doc.toJS()).map((obj) => [objectId(obj), obj]));
    const ours = new Map(rendered(overlay).map((obj) => [objectId(obj), obj]));
    assert.deepEqual([...ours.keys()].sort(), [...theirs.keys()].sort());
    for (const [id, obj] of ours) {
      assert.deepEqual(obj, theirs.get(id), `${id} differs from kubectl kustomize`);
    }
  });
}

test('a patch on a missing path is an error, not a silent no-op', () => {
  const obj = { kind: 'ConfigMap', metadata: { name: 'x' }, data: {} };
  assert.throws(() => applyOperation(obj, { op: 'replace', path: '/data/MISSING', value: 'v' }, 'test'),
    /cannot replace missing/);
  applyOperation(obj, { op: 'add', path: '/data/A~1B', value: 'v' }, 'test');
  assert.equal(obj.data['A/B'], 'v');
});

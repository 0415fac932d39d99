import assert from 'node:assert/strict';
import { test } from 'node:test';
import Ajv from 'ajv';
import { crdSchemas } from '../crd-schemas.mjs';
import { overlays, rendered } from './support.mjs';

const ajv = new Ajv({ allErrors: true, strict: false });
const crdValidators = Object.fromEntries(Object.entries(crdSchemas).map(([id, schema]) => [id, ajv.compile(schema)]));

const MODEL_PACKAGES = {
  'external-secrets.io': '@kubernetes-models/external-secrets',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

/** Validates one object against its Kubernetes or CRD schema; returns the error text or null. */
async function validate(obj) {
  const id = `${obj.apiVersion}/${obj.kind}`;
  if (crdValidators[id]) {
    return crdValidators[id](obj) ? null : ajv.errorsText(crdValidators[id].errors);
  }
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  const pkg = MODEL_PACKAGES[group] ?? 'kubernetes-models';
  let Model;
  try {
    Model = (await import(`${pkg}/${obj.apiVersion}`))[obj.kind];
  } catch {
    Model = undefined;
  }
  if (!Model) {
    return `no schema known for ${id}`;
  }
  try {
    new Model(obj).validate();
    return null;
  } catch (error) {
    return error.message;
  }
}

for (const overlay of overlays) {
  test(`${overlay}: every object is valid against the Kubernetes, Strimzi and CloudNativePG schemas`, async () => {
    const failures = [];
    for (const obj of rendered(overlay)) {
      const error = await validate(obj);
      if (error) {
        failures.push(`${obj.kind}/${obj.metadata.name}: ${error}`);
      }
    }
    assert.deepEqual(failures, []);
  });
}

test('the validation catches wrong objects of each schema source', async () => {
  const objects = rendered('production');
  const deployment = objects.find((obj) => obj.kind === 'Deployment');
  deployment.spec.replicas = 'two';
  assert.match(await validate(deployment), /replicas must be integer/);
  const topic = objects.find((obj) => obj.kind === 'KafkaTopic');
  topic.spec.partitons = 3;
  assert.match(await validate(topic), /additional properties/);
  const user = objects.find((obj) => obj.kind === 'KafkaUser');
  user.spec.authorization.acls[0].operations = ['Reed'];
  assert.match(await validate(user), /allowed values/);
  const cluster = objects.find((obj) => obj.kind === 'Cluster');
  cluster.spec.instances = 0;
  assert.match(await validate(cluster), /must be >= 1/);
  assert.match(await validate({ apiVersion: 'example.com/v1', kind: 'Unknown', metadata: { name: 'x' } }),
    /no schema known/);
});

// Renders a kustomization directory without a kustomize binary: the subset of kustomize that
// deploy/kubernetes uses (resources: files and directories, namespace, labels without selectors,
// images, patches: JSON 6902 with a target, configMapGenerator from files without a name hash). Anything else is refused, so a kustomization can never
// silently render differently here than with `kubectl kustomize`; the render test compares both where
// kubectl is installed.
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'images', 'patches',
  'configMapGenerator']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'PersistentVolume', 'StorageClass', 'IngressClass', 'PriorityClass', 'ClusterSecretStore', 'ClusterIssuer']);

/** Parses every YAML document of a file into plain objects (empty documents dropped). */
export function readYamlDocuments(file) {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  return docs.map((doc) => {
    if (doc.errors.length > 0) {
      throw new Error(`${file}: ${doc.errors[0].message}`);
    }
    return doc.toJS();
  }).filter((obj) => obj !== null && obj !== undefined);
}

/** Renders the kustomization in dir into a list of Kubernetes objects. */
export function render(dir) {
  const file = path.join(dir, 'kustomization.yaml');
  const [k] = readYamlDocuments(file);
  for (const key of Object.keys(k)) {
    if (!SUPPORTED.has(key)) {
      throw new Error(`${file}: kustomization field '${key}' is not supported by this renderer`);
    }
  }
  let objects = [];
  for (const entry of k.resources ?? []) {
    const target = path.resolve(dir, entry);
    if (fs.statSync(target).isDirectory()) {
      objects.push(...render(target));
    } else {
      objects.push(...readYamlDocuments(target));
    }
  }
  for (const generator of k.configMapGenerator ?? []) {
    objects.push(generateConfigMap(dir, generator, file));
  }
  if (k.namespace) {
    objects.forEach((obj) => {
      if (!CLUSTER_SCOPED.has(obj.kind)) {
        obj.metadata.namespace = k.namespace;
      }
    });
  }
  for (const patch of k.patches ?? []) {
    applyPatch(dir, patch, objects);
  }
  for (const label of k.labels ?? []) {
    if (label.includeSelectors || label.includeTemplates) {
      throw new Error(`${file}: labels with includeSelectors/includeTemplates are not supported`);
    }
    objects.forEach((obj) => {
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), ...label.pairs };
    });
  }
  for (const image of k.images ?? []) {
    objects = objects.map((obj) => setImage(obj, image));
  }
  assertUnique(objects, file);
  return objects;
}

/**
 * A ConfigMap of files (key: the file name), as kustomize generates it; only with disableNameSuffixHash, so the
 * name is the one given (a hash suffix would differ from kustomize's).
 */
function generateConfigMap(dir, generator, file) {
  const allowed = new Set(['name', 'files', 'options']);
  const options = generator.options ?? {};
  if (Object.keys(generator).some((key) => !allowed.has(key)) || options.disableNameSuffixHash !== true
    || Object.keys(options).some((key) => !['disableNameSuffixHash', 'labels', 'annotations'].includes(key))) {
    throw new Error(`${file}: only configMapGenerator entries with name, files and disableNameSuffixHash are supported`);
  }
  const data = {};
  for (const entry of generator.files ?? []) {
    if (entry.includes('=')) {
      throw new Error(`${file}: configMapGenerator keys other than the file name are not supported`);
    }
    data[path.basename(entry)] = fs.readFileSync(path.resolve(dir, entry), 'utf8');
  }
  const metadata = { name: generator.name };
  if (options.labels) metadata.labels = { ...options.labels };
  if (options.annotations) metadata.annotations = { ...options.annotations };
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
}

function applyPatch(dir, patch, objects) {
  if (!patch.path || !patch.target) {
    throw new Error(`${dir}: only patches with a path and a target are supported`);
  }
  const [ops] = readYamlDocuments(path.join(dir, patch.path));
  if (!Array.isArray(ops)) {
    throw new Error(`${patch.path}: only JSON 6902 patches (a list of operations) are supported`);
  }
  const matches = objects.filter((obj) => Object.entries(patch.target).every(([field, value]) => {
    switch (field) {
      case 'kind': return obj.kind === value;
      case 'name': return obj.metadata.name === value;
      case 'namespace': return obj.metadata.namespace === value;
      default: throw new Error(`${patch.path}: target field '${field}' is not supported`);
    }
  }));
  if (matches.length === 0) {
    throw new Error(`${patch.path}: the target matches no resource`);
  }
  for (const obj of matches) {
    for (const op of ops) {
      applyOperation(obj, op, patch.path);
    }
  }
}

function pointer(pathText) {
  return pathText.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Applies one JSON 6902 operation (add, replace, remove) in place. */
export function applyOperation(obj, op, source) {
  const parts = pointer(op.path);
  const last = parts.pop();
  let parent = obj;
  for (const part of parts) {
    parent = parent?.[Array.isArray(parent) ? Number(part) : part];
    if (parent === undefined || parent === null) {
      throw new Error(`${source}: path ${op.path} does not exist in ${obj.kind}/${obj.metadata.name}`);
    }
  }
  const exists = Array.isArray(parent) ? Number(last) < parent.length : Object.hasOwn(parent, last);
  switch (op.op) {
    case 'add':
      if (Array.isArray(parent)) {
        parent.splice(last === '-' ? parent.length : Number(last), 0, op.value);
      } else {
        parent[last] = op.value;
      }
      break;
    case 'replace':
      if (!exists) {
        throw new Error(`${source}: cannot replace missing ${op.path} in ${obj.kind}/${obj.metadata.name}`);
      }
      parent[Array.isArray(parent) ? Number(last) : last] = op.value;
      break;
    case 'remove':
      if (!exists) {
        throw new Error(`${source}: cannot remove missing ${op.path} in ${obj.kind}/${obj.metadata.name}`);
      }
      if (Array.isArray(parent)) {
        parent.splice(Number(last), 1);
      } else {
        delete parent[last];
      }
      break;
    default:
      throw new Error(`${source}: operation '${op.op}' is not supported`);
  }
}

function setImage(obj, image) {
  const podSpec = obj.spec?.template?.spec ?? (obj.kind === 'Pod' ? obj.spec : undefined);
  if (!podSpec) {
    return obj;
  }
  for (const container of [...(podSpec.containers ?? []), ...(podSpec.initContainers ?? [])]) {
    const match = /^(.*?)(?::([^:/@]+))?(@.*)?$/.exec(container.image);
    if (match[1] !== image.name) {
      continue;
    }
    const name = image.newName ?? match[1];
    const tag = image.newTag ?? match[2];
    container.image = image.digest ? `${name}@${image.digest}` : tag ? `${name}:${tag}` : name;
  }
  return obj;
}

function assertUnique(objects, file) {
  const seen = new Set();
  for (const obj of objects) {
    const id = objectId(obj);
    if (seen.has(id)) {
      throw new Error(`${file}: ${id} is defined twice`);
    }
    seen.add(id);
  }
}

/** A stable identity of an object: apiVersion group, kind, namespace and name. */
export function objectId(obj) {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  return `${group}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

// Shared inputs of the checks: the rendered overlays, the topics of the code and the services' configs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from '../render.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** deploy/kubernetes */
export const kubernetesDir = path.resolve(here, '..', '..');
/** the repository root */
export const repoRoot = path.resolve(kubernetesDir, '..', '..');
/** Every overlay that operators deploy. */
export const overlays = ['local', 'sandbox', 'production'];
/** The overlays of test environments (everything but production). */
export const testOverlays = overlays.filter((overlay) => overlay !== 'production');
/** The services of the hub. */
export const services = ['registry-service', 'routing-service', 'validation-service', 'portal-api'];

const cache = new Map();
/** The rendered objects of an overlay (rendered once per test file). */
export function rendered(overlay) {
  if (!cache.has(overlay)) {
    cache.set(overlay, render(path.join(kubernetesDir, 'overlays', overlay)));
  }
  return structuredClone(cache.get(overlay));
}

/** TopicSpec.all() as exported by nl.knooppunt.deploy.TopicSpecExport during the Maven build. */
export function topicSpecs() {
  const file = process.env.KNOOPPUNT_TOPIC_SPECS ?? path.join(kubernetesDir, 'target', 'topic-specs.json');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run the Maven build of deploy/kubernetes (it exports TopicSpec.all())`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The main application.properties of a service as a map (profile-less keys only). */
export function applicationProperties(service) {
  const file = path.join(repoRoot, service, 'src', 'main', 'resources', 'application.properties');
  const props = new Map();
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('%')) {
      continue;
    }
    const at = line.search(/[=:]/);
    props.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return props;
}

/** The Kafka channels of a service: [{direction, topic, groupId}]. */
export function kafkaChannels(service) {
  const props = applicationProperties(service);
  const channels = [];
  for (const [key, value] of props) {
    const match = /^mp\.messaging\.(incoming|outgoing)\.([^.]+)\.connector$/.exec(key);
    if (!match || value !== 'smallrye-kafka') {
      continue;
    }
    const [, direction, channel] = match;
    const prefix = `mp.messaging.${direction}.${channel}`;
    channels.push({
      direction,
      topic: props.get(`${prefix}.topic`) ?? channel,
      groupId: props.get(`${prefix}.group.id`) ?? props.get('kafka.group.id') ?? props.get('quarkus.application.name'),
    });
  }
  return channels;
}

/** Containers of a workload with the pod template they run in. */
export function containersOf(obj) {
  const template = obj.spec?.template;
  if (!template) {
    return [];
  }
  return [...(template.spec.containers ?? []), ...(template.spec.initContainers ?? [])]
    .map((container) => ({ container, template }));
}

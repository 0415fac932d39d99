import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { applicationProperties, containersOf, kafkaChannels, overlays, rendered, services, testOverlays, topicSpecs }
  from './support.mjs';

const EXEMPTION = 'knooppunt.nl/policy-exemption';
/** The uid the images of deploy/images run as (ADR 0026). */
const IMAGE_USER = 1001;

function projectVersion() {
  const pom = readFileSync(new URL('../../../../pom.xml', import.meta.url), 'utf8');
  return pom.match(/<artifactId>knooppunt-parent<\/artifactId>\s*<version>([^<]+)<\/version>/)[1];
}

function workloads(objects) {
  return objects.filter((obj) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(obj.kind));
}

function matches(selector, labels) {
  return Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value)
    && (selector.matchExpressions ?? []).every((e) => e.operator === 'In' && e.values.includes(labels[e.key]));
}

for (const overlay of overlays) {
  const objects = rendered(overlay);

  test(`${overlay}: every container has probes, limits, non-root, read-only root and no privileges`, () => {
    const problems = [];
    for (const workload of workloads(objects)) {
      for (const { container, template } of containersOf(workload)) {
        const where = `${workload.kind}/${workload.metadata.name}/${container.name}`;
        const pod = template.spec.securityContext ?? {};
        const sc = container.securityContext ?? {};
        // an init container runs to completion before the others start: Kubernetes allows it no probes
        const init = (template.spec.initContainers ?? []).includes(container) && container.restartPolicy !== 'Always';
        for (const probe of init ? [] : ['startupProbe', 'livenessProbe', 'readinessProbe']) {
          if (!container[probe]) problems.push(`${where}: no ${probe}`);
        }
        for (const resource of ['cpu', 'memory']) {
          if (!container.resources?.limits?.[resource]) problems.push(`${where}: no ${resource} limit`);
          if (!container.resources?.requests?.[resource]) problems.push(`${where}: no ${resource} request`);
        }
        if (!(sc.runAsNonRoot ?? pod.runAsNonRoot)) problems.push(`${where}: may run as root`);
        if (sc.runAsUser === 0 || pod.runAsUser === 0) problems.push(`${where}: runs as uid 0`);
        if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: root file system is writable`);
        if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: privilege escalation allowed`);
        if (sc.privileged) problems.push(`${where}: privileged`);
        if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where}: capabilities not dropped`);
        if ((sc.seccompProfile ?? pod.seccompProfile)?.type !== 'RuntimeDefault') problems.push(`${where}: no RuntimeDefault seccomp`);
        if (!/:[\w][\w.-]*$/.test(container.image) || container.image.endsWith(':latest')) {
          problems.push(`${where}: image ${container.image} is not tagged by version`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  test(`${overlay}: every alert has a runbook section in docs/operations.md`, () => {
    const operations = readFileSync(new URL('../../../../docs/operations.md', import.meta.url), 'utf8');
    const alerts = objects.filter((obj) => obj.kind === 'PrometheusRule')
      .flatMap((rule) => rule.spec.groups.flatMap((group) => group.rules.map((r) => r.alert).filter(Boolean)));
    const missing = alerts.filter((alert) => !new RegExp(`^#{3,4} ${alert}$`, 'm').test(operations));
    assert.deepEqual(missing, [], 'alerts without a runbook section');
  });

  test(`${overlay}: every Deployment runs every container with a read-only root file system, exempting none`, () => {
    const deployments = objects.filter((obj) => obj.kind === 'Deployment');
    assert.ok(deployments.length >= 4, 'the services are rendered');
    for (const deployment of deployments) {
      const template = deployment.spec.template;
      assert.equal((template.metadata.annotations ?? {})[EXEMPTION], undefined,
        `Deployment/${deployment.metadata.name} claims a policy exemption`);
      for (const { container } of containersOf(deployment)) {
        assert.equal(container.securityContext?.readOnlyRootFilesystem, true,
          `Deployment/${deployment.metadata.name}/${container.name} has a writable root file system`);
      }
    }
    if (overlay === 'local') {
      const keycloak = deployments.find((obj) => obj.metadata.name === 'keycloak');
      const pod = keycloak.spec.template.spec;
      const writable = pod.containers[0].volumeMounts
        .filter((m) => !m.readOnly && pod.volumes.find((v) => v.name === m.name).emptyDir).map((m) => m.mountPath);
      assert.deepEqual(writable.sort(), ['/opt/keycloak/data', '/opt/keycloak/lib/quarkus', '/tmp'],
        'Keycloak writes only to emptyDir volumes at the paths it documents');
    }
  });

  test(`${overlay}: the services run from version-tagged images, mount a writable /tmp and only their own secret files`, () => {
    const expectedFiles = {
      'registry-service': ['registry-service-signing-key.jwk', 'service-public-keys.jwks', 'webhook-secret-keys.jwks'],
      'routing-service': ['delivery-link-keys.jwks', 'routing-service-signing-key.jwk', 'service-public-keys.jwks'],
      'validation-service': ['delivery-link-keys.jwks', 'service-public-keys.jwks', 'submission-link-keys.jwks',
        'validation-service-signing-key.jwk'],
      'portal-api': ['portal-api-signing-key.jwk', 'submission-link-keys.jwks'],
    };
    const tags = new Set();
    for (const service of services) {
      const deployment = objects.find((obj) => obj.kind === 'Deployment' && obj.metadata.name === service);
      const pod = deployment.spec.template.spec;
      const [container] = pod.containers;
      assert.match(container.image, new RegExp(`/?${service}:\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?$`));
      assert.equal(pod.securityContext.runAsUser, IMAGE_USER, `${service} does not run as the images' user`);
      tags.add(container.image.split(':').pop());
      assert.ok(container.volumeMounts.some((m) => m.mountPath === '/tmp'
        && pod.volumes.find((v) => v.name === m.name).emptyDir), `${service}: no emptyDir on /tmp`);
      const secrets = pod.volumes.find((v) => v.name === 'hub-secrets').projected.sources;
      const files = secrets.flatMap((source) => source.secret.items.map((item) => item.path)).sort();
      assert.deepEqual(files, expectedFiles[service], `${service} mounts other secret files`);
      assert.ok(pod.automountServiceAccountToken === false, `${service} mounts an API token`);
    }
    assert.equal(tags.size, 1, 'all services run the same version');
    if (testOverlays.includes(overlay)) {
      // the tarballs of ./mvnw verify (deploy/images) load into kind/minikube under the project version
      assert.deepEqual([...tags], [projectVersion()], 'the local overlay runs the images the build makes');
    } else {
      assert.ok(![...tags][0].endsWith('-SNAPSHOT'), `${overlay} runs a snapshot`);
    }
  });

  test(`${overlay}: no Secret holds data; credentials are only referenced`, () => {
    for (const secret of objects.filter((obj) => obj.kind === 'Secret')) {
      assert.ok(!secret.data && !secret.stringData, `Secret ${secret.metadata.name} holds data`);
    }
    for (const workload of workloads(objects)) {
      for (const { container } of containersOf(workload)) {
        for (const env of container.env ?? []) {
          if (/PASSWORD|SECRET|JAAS|TOKEN|KEY/.test(env.name)) {
            assert.ok(env.valueFrom?.secretKeyRef, `${workload.metadata.name}: ${env.name} is not a Secret reference`);
          }
        }
      }
    }
    for (const configMap of objects.filter((obj) => obj.kind === 'ConfigMap')) {
      for (const key of Object.keys(configMap.data ?? {})) {
        assert.doesNotMatch(key, /PASSWORD|CREDENTIALS|CLIENT_SECRET|JAAS|ACCESS_KEY/, `ConfigMap ${configMap.metadata.name} holds ${key}`);
      }
    }
  });

  test(`${overlay}: every topic of TopicSpec.all() has a KafkaTopic with its partitions, retention and cleanup policy`, () => {
    const topics = new Map(objects.filter((obj) => obj.kind === 'KafkaTopic')
      .map((obj) => [obj.spec.topicName ?? obj.metadata.name, obj]));
    const specs = topicSpecs();
    assert.ok(specs.some((spec) => spec.name === 'knooppunt.participants'), 'TopicSpec export incomplete');
    assert.deepEqual([...topics.keys()].sort(), specs.map((spec) => spec.name).sort(),
      'KafkaTopics differ from TopicSpec.all()');
    const minIsr = overlay === 'production' ? '2' : '1';
    for (const spec of specs) {
      const topic = topics.get(spec.name);
      assert.equal(topic.spec.partitions, spec.partitions, `${spec.name} partitions`);
      for (const [key, value] of Object.entries(spec.configs)) {
        const expected = key === 'min.insync.replicas' ? minIsr : value;
        assert.equal(String(topic.spec.config[key]), expected, `${spec.name} ${key}`);
      }
      assert.ok(Number(topic.spec.config['min.insync.replicas']) < topic.spec.replicas || topic.spec.replicas === 1,
        `${spec.name}: min.insync.replicas leaves no room for a broker outage`);
      assert.equal(topic.metadata.labels['strimzi.io/cluster'], 'knooppunt');
    }
  });

  test(`${overlay}: portal-api and validation-service share the transit ratchet's state on one writable volume`, () => {
    const claim = objects.find((obj) => obj.kind === 'PersistentVolumeClaim'
      && obj.metadata.name === 'knooppunt-transit-state');
    assert.ok(claim, 'no PersistentVolumeClaim knooppunt-transit-state');
    // every replica of both services writes it: across nodes that takes ReadWriteMany; one node shares ReadWriteOnce
    assert.deepEqual(claim.spec.accessModes, [overlay === 'production' ? 'ReadWriteMany' : 'ReadWriteOnce']);
    for (const service of ['portal-api', 'validation-service']) {
      const pod = objects.find((obj) => obj.kind === 'Deployment' && obj.metadata.name === service).spec.template.spec;
      const volume = pod.volumes.find((v) => v.persistentVolumeClaim?.claimName === 'knooppunt-transit-state');
      assert.ok(volume, `${service} does not mount the transit state`);
      const mount = pod.containers[0].volumeMounts.find((m) => m.name === volume.name);
      assert.ok(mount && !mount.readOnly, `${service} cannot write the transit state`);
      const config = objects.find((obj) => obj.kind === 'ConfigMap' && obj.metadata.name === `${service}-config`);
      assert.ok(config.data.KNOOPPUNT_TRANSIT_STATE_FILE.startsWith(`${mount.mountPath}/`),
        `${service}: KNOOPPUNT_TRANSIT_STATE_FILE is not on the mounted volume`);
    }
    for (const service of services.filter((s) => !['portal-api', 'validation-service'].includes(s))) {
      const pod = objects.find((obj) => obj.kind === 'Deployment' && obj.metadata.name === service).spec.template.spec;
      assert.ok(!pod.volumes.some((v) => v.persistentVolumeClaim?.claimName === 'knooppunt-transit-state'),
        `${service} must not hold transit keys`);
    }
  });

  test(`${overlay}: submissions stay at most one hour on Kafka, segments included (transit copies, ADR 0034)`, () => {
    const submissions = objects.find((obj) => obj.kind === 'KafkaTopic'
      && (obj.spec.topicName ?? obj.metadata.name) === 'knooppunt.submissions');
    const retention = Number(submissions.spec.config['retention.ms']);
    const segment = Number(submissions.spec.config['segment.ms']);
    assert.ok(retention > 0 && retention <= 3_600_000, `retention.ms ${retention}`);
    assert.ok(segment > 0 && retention + segment <= 3_600_000, `retention.ms + segment.ms ${retention + segment}`);
  });

  test(`${overlay}: each KafkaUser may read and write exactly the topics and groups its service uses`, () => {
    const users = new Map(objects.filter((obj) => obj.kind === 'KafkaUser').map((obj) => [obj.metadata.name, obj]));
    for (const service of services) {
      const acls = users.get(service)?.spec.authorization.acls;
      assert.ok(acls, `${service} has no KafkaUser`);
      const allowed = (type, name, operation) => acls.some((acl) => acl.resource.type === type
        && acl.operations.includes(operation)
        && (acl.resource.patternType === 'prefix' ? name.startsWith(acl.resource.name) : acl.resource.name === name));
      for (const channel of kafkaChannels(service)) {
        const operation = channel.direction === 'incoming' ? 'Read' : 'Write';
        assert.ok(allowed('topic', channel.topic, operation), `${service} may not ${operation} ${channel.topic}`);
        if (channel.direction === 'incoming') {
          const group = channel.groupId.replace('${quarkus.uuid}', '0b9e3c1a');
          assert.ok(allowed('group', group, 'Read'), `${service} may not use consumer group ${group}`);
        }
      }
      for (const acl of acls) {
        assert.ok(!acl.operations.includes('All') && acl.resource.type !== 'cluster', `${service}: too broad ${JSON.stringify(acl)}`);
        assert.ok(acl.resource.type !== 'topic' || acl.resource.patternType === 'literal', `${service}: topic prefix ACL`);
      }
    }
  });

  test(`${overlay}: default deny, and every service is selected by a NetworkPolicy for ingress and egress`, () => {
    const policies = objects.filter((obj) => obj.kind === 'NetworkPolicy');
    const denyAll = policies.find((p) => Object.keys(p.spec.podSelector).length === 0
      && p.spec.policyTypes.includes('Ingress') && p.spec.policyTypes.includes('Egress') && !p.spec.ingress && !p.spec.egress);
    assert.ok(denyAll, 'no default-deny policy');
    for (const service of services) {
      const labels = objects.find((obj) => obj.kind === 'Deployment' && obj.metadata.name === service)
        .spec.template.metadata.labels;
      const own = policies.filter((p) => Object.keys(p.spec.podSelector).length > 0 && matches(p.spec.podSelector, labels));
      assert.ok(own.some((p) => p.spec.policyTypes.includes('Ingress')), `${service}: no ingress policy`);
      assert.ok(own.some((p) => p.spec.policyTypes.includes('Egress')), `${service}: no egress policy`);
      const fromIngressController = own.flatMap((p) => p.spec.ingress ?? []).some((rule) => (rule.from ?? [])
        .some((peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'ingress-nginx'));
      assert.equal(fromIngressController, service === 'portal-api', `${service}: reachable from the ingress controller`);
    }
    const ingresses = objects.filter((obj) => obj.kind === 'Ingress');
    assert.deepEqual(ingresses.flatMap((i) => i.spec.rules.flatMap((r) => r.http.paths.map((p) => p.backend.service.name))),
      ['portal-api']);
  });

  test(`${overlay}: traces and JSON logs as the overlay says: production to the collector, local nowhere (ADR 0047)`, () => {
    const telemetry = objects.find((obj) => obj.kind === 'ConfigMap' && obj.metadata.name === 'knooppunt-telemetry');
    assert.ok(telemetry, 'no knooppunt-telemetry ConfigMap');
    const policies = objects.filter((obj) => obj.kind === 'NetworkPolicy');
    for (const service of services) {
      const deployment = objects.find((obj) => obj.kind === 'Deployment' && obj.metadata.name === service);
      const [{ container }] = containersOf(deployment);
      assert.ok((container.envFrom ?? []).some((from) => from.configMapRef?.name === 'knooppunt-telemetry'),
        `${service}: does not read knooppunt-telemetry`);
      const labels = deployment.spec.template.metadata.labels;
      const toCollector = policies.filter((p) => matches(p.spec.podSelector, labels)
        && p.spec.policyTypes.includes('Egress')).flatMap((p) => p.spec.egress ?? []).some((rule) =>
        (rule.to ?? []).some((peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'observability')
        && (rule.ports ?? []).some((port) => port.port === 4318));
      assert.equal(toCollector, overlay === 'production', `${service}: egress to the collector's OTLP port`);
    }
    if (overlay === 'production') {
      assert.equal(telemetry.data.QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT, 'http://otel-collector.observability.svc:4318');
      const ratio = Number(telemetry.data.QUARKUS_OTEL_TRACES_SAMPLER_ARG);
      assert.ok(ratio > 0 && ratio <= 1, `sampler ratio ${telemetry.data.QUARKUS_OTEL_TRACES_SAMPLER_ARG}`);
      assert.equal(telemetry.data.QUARKUS_LOG_CONSOLE_JSON_ENABLED, 'true');
    } else {
      assert.equal(telemetry.data.QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT, undefined, 'the local overlay exports no trace');
      assert.equal(telemetry.data.QUARKUS_OTEL_TRACES_SAMPLER_ARG, undefined, 'the local overlay samples no trace');
      assert.equal(telemetry.data.QUARKUS_LOG_CONSOLE_JSON_ENABLED, 'false');
    }
  });

  test(`${overlay}: stateless services have an HPA and a PDB; databases back up only the registry`, () => {
    for (const service of services) {
      assert.ok(objects.some((obj) => obj.kind === 'HorizontalPodAutoscaler' && obj.spec.scaleTargetRef.name === service));
      assert.ok(objects.some((obj) => obj.kind === 'PodDisruptionBudget' && obj.metadata.name === service));
    }
    const routingDb = objects.find((obj) => obj.kind === 'Cluster' && obj.metadata.name === 'routing-db');
    assert.equal(routingDb.spec.backup, undefined, 'the mailbox database must not be backed up');
    const registryDb = objects.find((obj) => obj.kind === 'Cluster' && obj.metadata.name === 'registry-db');
    if (overlay === 'production') {
      assert.ok(registryDb.spec.backup.barmanObjectStore.s3Credentials.secretAccessKey.name);
      assert.ok(objects.some((obj) => obj.kind === 'ScheduledBackup' && obj.spec.cluster.name === 'registry-db'));
    }
  });
}

/** Whether an object is (part of) the sandbox counterpart or turns the sandbox on (ADR 0048). */
function sandboxTraces(objects) {
  const traces = [];
  for (const obj of objects) {
    const text = JSON.stringify(obj);
    if (/sandbox/i.test(obj.metadata.name) || /sandbox/i.test(JSON.stringify(obj.metadata.labels ?? {}))) {
      traces.push(`${obj.kind}/${obj.metadata.name}`);
    }
    for (const { container } of containersOf(obj)) {
      if (/sandbox/i.test(container.image) || /nl\.knooppunt\.sandbox/.test(JSON.stringify(container))) {
        traces.push(`${obj.kind}/${obj.metadata.name}: image ${container.image}`);
      }
    }
    if (/KNOOPPUNT_SANDBOX_ENABLED|knooppunt\.sandbox\.enabled/.test(text)) {
      traces.push(`${obj.kind}/${obj.metadata.name} sets knooppunt.sandbox.enabled`);
    }
  }
  return traces;
}

test('production: renders no sandbox counterpart and never enables knooppunt.sandbox.enabled (ADR 0048)', () => {
  assert.deepEqual(sandboxTraces(rendered('production')), []);
  // and the registry's own default is off, so a hub without the setting has no simulated participants
  assert.equal(applicationProperties('registry-service').get('knooppunt.sandbox.enabled'), 'false');
});

test('sandbox: runs the sandbox counterpart and enables knooppunt.sandbox.enabled on the registry only', () => {
  const objects = rendered('sandbox');
  const counterpart = objects.find((obj) => obj.kind === 'Deployment' && obj.metadata.name === 'sandbox-counterpart');
  assert.ok(counterpart, 'no Deployment sandbox-counterpart');
  assert.match(counterpart.spec.template.spec.containers[0].image, /\/?sandbox:\d+\.\d+\.\d+(-SNAPSHOT)?$/);
  const enabled = objects.filter((obj) => obj.kind === 'ConfigMap' && obj.data?.KNOOPPUNT_SANDBOX_ENABLED === 'true')
    .map((obj) => obj.metadata.name);
  assert.deepEqual(enabled, ['registry-service-config']);
  // the counterpart holds the simulated participants' keys on its own volume; no service mounts it, and it mounts
  // none of the hub's secrets (the hub still holds no participant's private key)
  const pod = counterpart.spec.template.spec;
  assert.ok(!pod.volumes.some((v) => v.projected || v.secret), 'the counterpart mounts secrets');
  for (const service of services) {
    const servicePod = objects.find((obj) => obj.kind === 'Deployment' && obj.metadata.name === service)
      .spec.template.spec;
    assert.ok(!servicePod.volumes.some((v) => v.persistentVolumeClaim?.claimName === 'sandbox-counterpart-state'),
      `${service} mounts the counterpart's keys`);
  }
  // the production check above would see it: the same detector finds the counterpart and the setting here
  assert.ok(sandboxTraces(objects).some((trace) => trace.startsWith('Deployment/sandbox-counterpart')));
  assert.ok(sandboxTraces(objects).some((trace) => trace.includes('sets knooppunt.sandbox.enabled')));
  const local = rendered('local');
  assert.deepEqual(sandboxTraces(local), [], 'the local overlay stays without the counterpart');
});

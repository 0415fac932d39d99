// JSON schemas of the custom resources the manifests use: a hand-written SUBSET of the upstream CRD
// openAPIV3Schema of each kind, restricted to the fields these manifests set, with the upstream types
// and enums, and stricter than upstream in one way: unknown fields are errors (the API server would
// prune them silently). Sources (read 2026-11; update when the operators are upgraded):
//   Strimzi: github.com/strimzi/strimzi-kafka-operator packaging/install/cluster-operator/
//            040-Crd-kafka.yaml, 043-Crd-kafkatopic.yaml, 044-Crd-kafkauser.yaml, 04A-Crd-kafkanodepool.yaml
//            (API version kafka.strimzi.io/v1)
//   CloudNativePG: github.com/cloudnative-pg/cloudnative-pg config/crd/bases/
//            postgresql.cnpg.io_clusters.yaml, postgresql.cnpg.io_scheduledbackups.yaml (postgresql.cnpg.io/v1)

const str = { type: 'string' };
const int = (minimum) => (minimum === undefined ? { type: 'integer' } : { type: 'integer', minimum });
const bool = { type: 'boolean' };
const strMap = { type: 'object', additionalProperties: { type: 'string' } };
const quantity = { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$' }] };
const strict = (properties, required = []) => ({ type: 'object', additionalProperties: false, properties, required });
const resources = strict({ requests: strict({ cpu: quantity, memory: quantity }), limits: strict({ cpu: quantity, memory: quantity }) });
const labelSelector = strict({ matchLabels: strMap, matchExpressions: { type: 'array' } });
const metadata = (extra = {}) => ({
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: 253 },
    namespace: str, labels: strMap, annotations: strMap, ...extra,
  },
});
const clusterLabel = metadata({
  labels: { type: 'object', required: ['strimzi.io/cluster'], additionalProperties: { type: 'string' } },
});
const secretKeyRef = strict({ name: str, key: str, optional: bool }, ['name', 'key']);
const resource = (apiVersion, kind, spec, meta = metadata()) => ({
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: { apiVersion: { const: apiVersion }, kind: { const: kind }, metadata: meta, spec },
});

const STRIMZI = 'kafka.strimzi.io/v1';

const kafkaTopic = resource(STRIMZI, 'KafkaTopic', strict({
  topicName: str,
  partitions: int(1),
  replicas: { type: 'integer', minimum: 1, maximum: 32767 },
  config: { type: 'object', additionalProperties: { type: ['string', 'integer', 'boolean', 'number'] } },
}), clusterLabel);

const acl = strict({
  type: { enum: ['allow', 'deny'] },
  resource: strict({
    type: { enum: ['topic', 'group', 'cluster', 'transactionalId'] },
    name: str,
    patternType: { enum: ['literal', 'prefix'] },
  }, ['type']),
  host: str,
  operations: {
    type: 'array', minItems: 1,
    items: { enum: ['Read', 'Write', 'Create', 'Delete', 'Alter', 'Describe', 'ClusterAction', 'AlterConfigs',
      'DescribeConfigs', 'IdempotentWrite', 'All'] },
  },
}, ['resource', 'operations']);

const kafkaUser = resource(STRIMZI, 'KafkaUser', strict({
  userName: str,
  authentication: strict({ type: { enum: ['tls', 'tls-external', 'scram-sha-512'] } }, ['type']),
  authorization: strict({ type: { enum: ['simple'] }, acls: { type: 'array', items: acl } }, ['type', 'acls']),
}), clusterLabel);

const volume = strict({
  id: int(0),
  type: { enum: ['ephemeral', 'persistent-claim'] },
  size: str,
  sizeLimit: str,
  class: str,
  deleteClaim: bool,
  kraftMetadata: { enum: ['shared'] },
}, ['type']);
const kafkaNodePool = resource(STRIMZI, 'KafkaNodePool', strict({
  replicas: int(0),
  roles: { type: 'array', minItems: 1, items: { enum: ['controller', 'broker'] } },
  storage: strict({
    type: { enum: ['ephemeral', 'persistent-claim', 'jbod'] },
    size: str, sizeLimit: str, class: str, deleteClaim: bool,
    volumes: { type: 'array', items: volume },
  }, ['type']),
  resources,
}, ['replicas', 'roles', 'storage']), clusterLabel);

const listener = strict({
  name: { type: 'string', pattern: '^[a-z0-9]{1,11}$' },
  port: int(9092),
  type: { enum: ['internal', 'route', 'loadbalancer', 'nodeport', 'ingress', 'cluster-ip'] },
  tls: bool,
  authentication: strict({ type: { enum: ['tls', 'scram-sha-512', 'custom'] } }, ['type']),
  networkPolicyPeers: {
    type: 'array',
    items: strict({ podSelector: labelSelector, namespaceSelector: labelSelector, ipBlock: { type: 'object' } }),
  },
}, ['name', 'port', 'type', 'tls']);
const kafka = resource(STRIMZI, 'Kafka', strict({
  kafka: strict({
    version: str,
    metadataVersion: str,
    listeners: { type: 'array', minItems: 1, items: listener },
    authorization: strict({ type: { enum: ['simple', 'custom'] }, superUsers: { type: 'array', items: str } }, ['type']),
    config: { type: 'object', additionalProperties: { type: ['string', 'integer', 'boolean', 'number'] } },
    rack: strict({ topologyKey: str }, ['topologyKey']),
    template: { type: 'object' },
  }, ['listeners']),
  entityOperator: strict({ topicOperator: { type: 'object' }, userOperator: { type: 'object' } }),
  kafkaExporter: strict({ topicRegex: str, groupRegex: str }),
}, ['kafka']));

const CNPG = 'postgresql.cnpg.io/v1';
const barmanObjectStore = strict({
  destinationPath: { type: 'string', minLength: 1 },
  endpointURL: str,
  s3Credentials: strict({ accessKeyId: secretKeyRef, secretAccessKey: secretKeyRef, region: secretKeyRef, inheritFromIAMRole: bool }),
  wal: strict({ compression: { enum: ['bzip2', 'gzip', 'lz4', 'snappy', 'xz', 'zstd'] }, maxParallel: int(1) }),
  data: strict({ compression: { enum: ['bzip2', 'gzip', 'lz4', 'snappy', 'xz', 'zstd'] }, jobs: int(1) }),
}, ['destinationPath']);
const cnpgCluster = resource(CNPG, 'Cluster', strict({
  instances: int(1),
  imageName: str,
  primaryUpdateStrategy: { enum: ['unsupervised', 'supervised'] },
  enableSuperuserAccess: bool,
  bootstrap: strict({ initdb: strict({ database: str, owner: str }) }),
  storage: strict({ size: str, storageClass: str }),
  resources,
  affinity: strict({ enablePodAntiAffinity: bool, topologyKey: str, podAntiAffinityType: { enum: ['preferred', 'required'] } }),
  monitoring: strict({ enablePodMonitor: bool }),
  backup: strict({
    retentionPolicy: { type: 'string', pattern: '^[1-9][0-9]*[dwm]$' },
    barmanObjectStore,
  }),
}, ['instances']));
const scheduledBackup = resource(CNPG, 'ScheduledBackup', strict({
  schedule: { type: 'string', pattern: '^\\S+( \\S+){5}$' },
  backupOwnerReference: { enum: ['none', 'self', 'cluster'] },
  method: { enum: ['barmanObjectStore', 'volumeSnapshot', 'plugin'] },
  immediate: bool,
  cluster: strict({ name: str }, ['name']),
}, ['schedule', 'cluster']));

/** Schemas by "apiVersion/kind". */
export const crdSchemas = {
  [`${STRIMZI}/Kafka`]: kafka,
  [`${STRIMZI}/KafkaNodePool`]: kafkaNodePool,
  [`${STRIMZI}/KafkaTopic`]: kafkaTopic,
  [`${STRIMZI}/KafkaUser`]: kafkaUser,
  [`${CNPG}/Cluster`]: cnpgCluster,
  [`${CNPG}/ScheduledBackup`]: scheduledBackup,
};

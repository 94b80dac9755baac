import { type Static, Type } from '@tdss/sdk';

export const DataPlaneKafkaSettings = Type.Object({
  id: Type.String({ minLength: 1, default: 'dataplane-kafka', description: 'The data plane id, as control planes know it.' }),
  profile: Type.String({ minLength: 1, default: 'Kafka-PUSH', description: 'The transfer profile (DSP format) of the relay.' }),
  pullProfile: Type.String({ minLength: 1, default: 'Kafka-PULL', description: 'The transfer profile (DSP format) of consumer pull with scoped credentials on the provider\'s broker.' }),
  pullTokenTtlSeconds: Type.Integer({ minimum: 10, default: 300, description: 'Lifetime of a pull consumer\'s broker token (SASL/OAUTHBEARER JWT).' }),
  refreshTokenTtlSeconds: Type.Integer({ minimum: 60, default: 3_600, description: 'Lifetime of a pull refresh token (renews the broker token at the public token endpoint).' }),
  store: Type.Union([Type.Literal('sql'), Type.Literal('memory')], {
    default: 'sql',
    description: 'Where data flows are kept: the runtime database (shared by replicas; started flows relay again after a restart) or this process.',
  }),
  clientId: Type.String({ minLength: 1, default: 'tdss-dataplane-kafka', description: 'The Kafka client id of the relays (broker logs and quotas).' }),
  exactlyOnce: Type.Boolean({ default: true, description: 'Relay with transactions when source and destination are one Kafka cluster; at-least-once otherwise, or when false.' }),
  sessionTimeoutMs: Type.Integer({ minimum: 6_000, default: 10_000, description: 'Consumer group session timeout: how long a crashed relay holds its flow\'s partitions.' }),
  maxWaitTimeMs: Type.Integer({ minimum: 10, default: 1_000, description: 'How long a fetch waits on an idle topic; bounds how long a suspend takes.' }),
  maxBytesPerPartition: Type.Integer({ minimum: 1_024, default: 1_048_576, description: 'Most bytes fetched per partition and request.' }),
  retryDelayMs: Type.Integer({ minimum: 1, default: 1_000, description: 'First back-off after a relay session failed; doubles up to 30 s while none delivers.' }),
  maxRelayFailures: Type.Integer({ minimum: 1, default: 5, description: 'Failed relay sessions in a row after which the control plane is told (errored), which terminates the transfer.' }),
  watchIntervalMs: Type.Integer({ minimum: 100, default: 5_000, description: 'How often a running relay reads its flow from the store: a suspend or terminate applied by another replica stops it within that.' }),
  leaseMs: Type.Integer({
    minimum: 1_000,
    default: 15_000,
    description: 'store sql: how long a replica holds a flow without renewing it (renewed every third of it); a dead replica\'s flows move to another within about this.',
  }),
  maxRequestBytes: Type.Integer({ minimum: 1_024, default: 524_288, description: 'Most message bytes per produce request; keep under the destination\'s max.message.bytes.' }),
});

export type DataPlaneKafkaSettings = Static<typeof DataPlaneKafkaSettings>;

/** Where the DPS data plane API is, below the `signaling` context. */
export const SIGNALING_PATH = '/dataplane-kafka';

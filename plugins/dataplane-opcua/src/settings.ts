import { type Static, Type } from '@tdss/sdk';

export const DataPlaneOpcUaSettings = Type.Object({
  id: Type.String({ minLength: 1, default: 'dataplane-opcua', description: 'The data plane id, as control planes know it.' }),
  pullProfile: Type.String({ minLength: 1, default: 'OpcUa-PULL', description: 'The transfer profile (DSP format) of consumer pull (current values and a stream of data changes).' }),
  pushProfile: Type.String({ minLength: 1, default: 'OpcUa-PUSH', description: 'The transfer profile of provider push (data changes POSTed to the consumer).' }),
  accessTokenTtlSeconds: Type.Integer({ minimum: 1, default: 300, description: 'Lifetime of a pull access token (checked when a request or a stream starts).' }),
  store: Type.Union([Type.Literal('sql'), Type.Literal('memory')], { default: 'sql', description: 'Where data flows are kept: the runtime database (shared by replicas) or this process.' }),
  pkiDir: Type.String({ default: '', description: 'The OPC UA client PKI folder (application certificate, trusted/rejected server certificates). Empty: a fresh folder in the temp dir of this process (a new client certificate at every start).' }),
  acceptUnknownServerCertificates: Type.Boolean({ default: false, description: 'Trust a server certificate that is not in `<pkiDir>/trusted` (tests, first contact); otherwise it lands in `<pkiDir>/rejected` and the connection fails.' }),
  connectTimeoutMs: Type.Integer({ minimum: 100, default: 10_000, description: 'How long connecting and opening a session may take before a start fails (retryable).' }),
  serverGoneMs: Type.Integer({ minimum: 100, default: 30_000, description: 'How long a server may stay unreachable (the client reconnects meanwhile) before its flows report an error to the control plane.' }),
  samplingIntervalMs: Type.Integer({ minimum: 0, default: 100, description: 'Sampling interval of monitored items, unless the asset sets `samplingIntervalMs`.' }),
  publishingIntervalMs: Type.Integer({ minimum: 10, default: 250, description: 'Publishing interval of subscriptions, unless the asset sets `publishingIntervalMs`.' }),
  flowCheckIntervalMs: Type.Integer({ minimum: 50, default: 1000, description: 'How often an open stream checks that its flow is still STARTED (a suspend on another replica).' }),
  streamMaxBufferedBytes: Type.Integer({ minimum: 1024, default: 1_048_576, description: 'A stream whose consumer lags by more than this is closed.' }),
  pushBatchSize: Type.Integer({ minimum: 1, default: 100, description: 'Most data changes in one POST of a push.' }),
  pushBatchDelayMs: Type.Integer({ minimum: 0, default: 200, description: 'How long a push collects data changes before it POSTs them.' }),
  pushMaxAttempts: Type.Integer({ minimum: 1, default: 8, description: 'Attempts of one POST (back-off doubling from pushRetryDelayMs) before the flow reports an error.' }),
  pushRetryDelayMs: Type.Integer({ minimum: 1, default: 200, description: 'First back-off of a failed POST.' }),
  leaseMs: Type.Integer({ minimum: 300, default: 30_000, description: 'Replicas sharing the database push each flow from the one holding its lease, renewed every third of this: how long the push flows of a crashed replica wait before another takes them over.' }),
  pushTimeoutMs: Type.Integer({ minimum: 100, default: 10_000, description: 'How long the consumer may take to answer a POST.' }),
});

export type DataPlaneOpcUaSettings = Static<typeof DataPlaneOpcUaSettings>;

/** Where the pull endpoints are, below the `public` context, and the DPS API, below `signaling`. */
export const PULL_PATH = '/dataplane-opcua';
export const SIGNALING_PATH = '/dataplane-opcua';

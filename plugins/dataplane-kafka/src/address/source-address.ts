/**
 * The provider's source, from the asset's data address (EDC's compact shape):
 *
 *   { type: "Kafka", bootstrapServers: "broker:9092", topic: "orders",
 *     securityProtocol?: "SASL_SSL", saslMechanism?: "scram-sha-512",
 *     secretName?: "kafka/orders",        // SecretStore key of the provider tenant: {"username","password"}
 *     startFrom?: "earliest" | "latest",  // where a new flow begins; default earliest
 *     pullBootstrapServers?: "broker:9094", // Kafka-PULL: the listener consumers reach (SASL/OAUTHBEARER)
 *     pullSecurityProtocol?: "SASL_SSL",     // of that listener: SASL_SSL (default) or SASL_PLAINTEXT
 *     pullAudience?: "orders-cluster" }      // the `aud` that listener expects in a token
 *
 * The provider's credentials never leave the provider: only its data plane reads them, to relay,
 * or to set the ACLs of a pull flow.
 */
import { problems, type SecretStore } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';
import { BOOTSTRAP_SERVERS, bootstrapServers, kafkaAddress } from './destination-address.ts';
import type { KafkaAddress } from './kafka-address.ts';

export const KAFKA_SOURCE_TYPE = 'Kafka';

/** Where pull consumers read the asset's topic: a listener with SASL/OAUTHBEARER that validates the data plane's tokens. */
export interface PullListener {
  readonly bootstrapServers: readonly string[];
  readonly securityProtocol: 'SASL_PLAINTEXT' | 'SASL_SSL';
  readonly audience: string;
}

export interface KafkaSource {
  readonly address: KafkaAddress;
  readonly startFrom: 'earliest' | 'latest';
  /** Absent when the asset names no pull listener: it cannot be pulled. */
  readonly pull?: PullListener;
}

export async function sourceAddress(tenantId: string, dataAddress: Record<string, unknown>, secrets: SecretStore | undefined): Promise<KafkaSource> {
  if (dataAddress.type !== KAFKA_SOURCE_TYPE) throw problems.badRequest(`${PLUGIN_NAME}: the asset's dataAddress.type must be ${JSON.stringify(KAFKA_SOURCE_TYPE)}, found ${JSON.stringify(dataAddress.type)}`);
  const startFrom = dataAddress.startFrom ?? 'earliest';
  if (startFrom !== 'earliest' && startFrom !== 'latest') throw problems.badRequest(`${PLUGIN_NAME}: the asset's dataAddress.startFrom must be earliest or latest`);
  let credentials: { username?: unknown; password?: unknown } = {};
  if (dataAddress.secretName !== undefined) {
    if (typeof dataAddress.secretName !== 'string') throw problems.badRequest(`${PLUGIN_NAME}: the asset's dataAddress.secretName must be a string`);
    if (!secrets) throw problems.badRequest(`${PLUGIN_NAME}: the asset's Kafka credentials are in the secret store, and this runtime has none`);
    const secret = await secrets.get(tenantId, dataAddress.secretName);
    if (secret === undefined) throw problems.badRequest(`${PLUGIN_NAME}: secret ${JSON.stringify(dataAddress.secretName)} named by the asset does not exist`);
    try {
      credentials = JSON.parse(secret) as typeof credentials;
    } catch {
      throw problems.badRequest(`${PLUGIN_NAME}: secret ${JSON.stringify(dataAddress.secretName)} must be JSON {"username","password"}`);
    }
  }
  const address = kafkaAddress("the asset's dataAddress", { ...dataAddress, ...credentials });
  const pull = pullListener(dataAddress);
  return { address, startFrom, ...(pull ? { pull } : {}) };
}

function pullListener(dataAddress: Record<string, unknown>): PullListener | undefined {
  const { pullBootstrapServers, pullSecurityProtocol = 'SASL_SSL', pullAudience } = dataAddress;
  if (pullBootstrapServers === undefined) return undefined;
  const bad = (field: string, expected: string) => problems.badRequest(`${PLUGIN_NAME}: the asset's dataAddress.${field} must be ${expected}`);
  const servers = bootstrapServers(pullBootstrapServers);
  if (!servers) throw bad('pullBootstrapServers', BOOTSTRAP_SERVERS);
  if (pullSecurityProtocol !== 'SASL_SSL' && pullSecurityProtocol !== 'SASL_PLAINTEXT') throw bad('pullSecurityProtocol', 'SASL_SSL or SASL_PLAINTEXT');
  if (typeof pullAudience !== 'string' || pullAudience === '') throw bad('pullAudience', "the audience the pull listener expects (its sasl.oauthbearer.expected.audience)");
  return { bootstrapServers: servers, securityProtocol: pullSecurityProtocol, audience: pullAudience };
}

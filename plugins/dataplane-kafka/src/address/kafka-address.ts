/**
 * Where a relay reads or writes: a topic on a Kafka cluster, with the credentials to reach it.
 * Holds secrets: never log one.
 */
import type { KafkaConfig, SASLOptions } from 'kafkajs';

export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface KafkaSasl {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  readonly password: string;
}

export interface KafkaAddress {
  readonly bootstrapServers: readonly string[];
  readonly topic: string;
  readonly securityProtocol: SecurityProtocol;
  /** Required by the SASL_* protocols, absent otherwise. */
  readonly sasl?: KafkaSasl;
}

/** The kafkajs client configuration for an address (credentials included: keep it out of logs). */
export function kafkaClientConfig(address: KafkaAddress, clientId: string): KafkaConfig {
  const tls = address.securityProtocol === 'SSL' || address.securityProtocol === 'SASL_SSL';
  const config: KafkaConfig = { clientId, brokers: [...address.bootstrapServers], ssl: tls };
  if (address.sasl) config.sasl = { ...address.sasl } as SASLOptions;
  return config;
}

/** A description safe for logs and error messages: servers and topic, never the credentials. */
export function describeAddress(address: KafkaAddress): string {
  return `${address.topic}@${address.bootstrapServers.join(',')}`;
}

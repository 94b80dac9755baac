/**
 * The consumer's destination, as the DPS start (or resume) message carries it:
 *
 *   { endpointType: "Kafka", endpoint: "broker1:9092,broker2:9092",
 *     endpointProperties: [ topic, securityProtocol?, saslMechanism?, username?, password? ] }
 *
 * The credentials are the consumer's, for writing to its own topic; they stay in the flow store
 * and are never logged.
 */
import { type DataAddress, endpointProperty } from '@tdss/dataplane-sdk';
import { problems } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';
import type { KafkaAddress, KafkaSasl, SaslMechanism, SecurityProtocol } from './kafka-address.ts';

export const KAFKA_ENDPOINT_TYPE = 'Kafka';

const PROTOCOLS: readonly SecurityProtocol[] = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];
const MECHANISMS: readonly SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

/** The fields both kinds of address have, whatever their spelling; a 400 problem names what is wrong. */
export interface KafkaAddressFields {
  bootstrapServers?: unknown;
  topic?: unknown;
  securityProtocol?: unknown;
  saslMechanism?: unknown;
  username?: unknown;
  password?: unknown;
}

export function destinationAddress(address: DataAddress | null): KafkaAddress {
  if (!address) throw problems.badRequest(`${PLUGIN_NAME}: a Kafka-PUSH flow needs the consumer's destination data address`);
  if (address.endpointType !== KAFKA_ENDPOINT_TYPE) {
    throw problems.badRequest(`${PLUGIN_NAME}: dataAddress.endpointType must be ${JSON.stringify(KAFKA_ENDPOINT_TYPE)}, found ${JSON.stringify(address.endpointType)}`);
  }
  const property = (name: string) => endpointProperty(address, name);
  return kafkaAddress('dataAddress', {
    bootstrapServers: address.endpoint,
    topic: property('topic'),
    securityProtocol: property('securityProtocol'),
    saslMechanism: property('saslMechanism'),
    username: property('username'),
    password: property('password'),
  });
}

export const BOOTSTRAP_SERVERS = 'bootstrap servers, host:port[,host:port...]';

/** `host:port[,host:port...]` as a list, or undefined when it is not that. */
export function bootstrapServers(value: unknown): string[] | undefined {
  const servers = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
  return servers.length > 0 && servers.every((server) => /^[^\s:]+:\d+$/.test(server)) ? servers : undefined;
}

/** Checks and normalises address fields; `where` prefixes the problem's field names. */
export function kafkaAddress(where: string, fields: KafkaAddressFields): KafkaAddress {
  const bad = (field: string, expected: string) => problems.badRequest(`${PLUGIN_NAME}: ${where}.${field} must be ${expected}`);
  const servers = bootstrapServers(fields.bootstrapServers);
  if (!servers) throw bad(where === 'dataAddress' ? 'endpoint' : 'bootstrapServers', BOOTSTRAP_SERVERS);
  if (typeof fields.topic !== 'string' || !/^[a-zA-Z0-9._-]{1,249}$/.test(fields.topic)) throw bad('topic', 'a Kafka topic name');
  const securityProtocol = (fields.securityProtocol ?? 'PLAINTEXT') as SecurityProtocol;
  if (!PROTOCOLS.includes(securityProtocol)) throw bad('securityProtocol', `one of ${PROTOCOLS.join(', ')}`);
  if (!securityProtocol.startsWith('SASL_')) return { bootstrapServers: servers, topic: fields.topic, securityProtocol };
  const mechanism = (typeof fields.saslMechanism === 'string' ? fields.saslMechanism.toLowerCase() : 'plain') as SaslMechanism;
  if (!MECHANISMS.includes(mechanism)) throw bad('saslMechanism', `one of ${MECHANISMS.join(', ')}`);
  if (typeof fields.username !== 'string' || typeof fields.password !== 'string') throw bad('username and password', `given with ${securityProtocol}`);
  const sasl: KafkaSasl = { mechanism, username: fields.username, password: fields.password };
  return { bootstrapServers: servers, topic: fields.topic, securityProtocol, sasl };
}

/** What the relay tests share: a flow between two fresh topics, both deliveries, and views of what arrived. */
import type { KafkaAddress } from '../address/kafka-address.ts';
import { SOURCE_HEADER, type Delivery, type RelayOptions, type RelaySpec } from '../relay/kafka-relay.ts';
import { createTopic, type ReadMessage } from './topics.ts';

/** Both guarantees on one cluster: exactly-once by default, at-least-once when turned off. */
export const DELIVERIES: readonly [Delivery, RelayOptions][] = [
  ['exactly-once', { sessionTimeoutMs: 6_000 }],
  ['at-least-once', { sessionTimeoutMs: 6_000, exactlyOnce: false }],
];

export function kafkaAddressOf(bootstrap: string, topic: string): KafkaAddress {
  return { bootstrapServers: [bootstrap], topic, securityProtocol: 'PLAINTEXT' };
}

/** A flow from a new 3-partition topic to a new 2-partition one. */
export async function newFlow(bootstrap: string, name: string): Promise<RelaySpec> {
  return {
    flowId: `${name}-${Date.now()}`,
    source: kafkaAddressOf(bootstrap, await createTopic(bootstrap, 'source', 3)),
    destination: kafkaAddressOf(bootstrap, await createTopic(bootstrap, 'destination', 2)),
    startFrom: 'earliest',
  };
}

export const texts = (messages: readonly ReadMessage[]): string[] => messages.map((message) => message.value);

/** The distinct source positions (`partition:offset`) of what arrived. */
export const positions = (messages: readonly ReadMessage[]): Set<string> => new Set(messages.map((message) => String(message.headers[SOURCE_HEADER])));

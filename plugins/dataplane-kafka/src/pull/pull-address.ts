/**
 * The DataAddress a pull consumer gets on start and resume (the EDR): where to read, as whom, and
 * how to renew the token before it expires.
 *
 *   { endpointType: "Kafka", endpoint: "broker:9094",
 *     endpointProperties: [ topic, groupId, securityProtocol (SASL_SSL | SASL_PLAINTEXT),
 *       saslMechanism: OAUTHBEARER, authorization (the token), authType: bearer, expiresIn,
 *       refreshToken?, refreshEndpoint? ] }
 *
 * `groupId` is the one consumer group the principal may use: the consumer's position,
 * which the next address of the flow (after a resume) continues from. Holds a credential: never
 * log it.
 */
import type { DataAddress } from '@tdss/dataplane-sdk';
import { KAFKA_ENDPOINT_TYPE } from '../address/destination-address.ts';
import type { PullListener } from '../address/source-address.ts';

export const OAUTHBEARER = 'OAUTHBEARER';

export interface PullGrant {
  readonly listener: PullListener;
  readonly topic: string;
  readonly groupId: string;
  readonly token: string;
  readonly expiresIn: number;
  readonly refresh?: { readonly token: string; readonly endpoint: string };
}

export function pullAddress(grant: PullGrant): DataAddress {
  return {
    endpointType: KAFKA_ENDPOINT_TYPE,
    endpoint: grant.listener.bootstrapServers.join(','),
    endpointProperties: [
      { name: 'topic', value: grant.topic },
      { name: 'groupId', value: grant.groupId },
      { name: 'securityProtocol', value: grant.listener.securityProtocol },
      { name: 'saslMechanism', value: OAUTHBEARER },
      { name: 'authorization', value: grant.token },
      { name: 'authType', value: 'bearer' },
      { name: 'expiresIn', value: String(grant.expiresIn) },
      ...(grant.refresh
        ? [
            { name: 'refreshToken', value: grant.refresh.token },
            { name: 'refreshEndpoint', value: grant.refresh.endpoint },
          ]
        : []),
    ],
  };
}

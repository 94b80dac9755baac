/**
 * The consumer's side of a pull address: a kafkajs configuration that reads with the address's
 * token and renews it at the refresh endpoint (OAuth 2 refresh grant) before it expires. kafkajs
 * asks for a token on every connection and re-authentication (the broker makes sessions
 * re-authenticate within `connections.max.reauth.ms` and before the token's expiry).
 */
import { type DataAddress, endpointProperty } from '@tdss/dataplane-sdk';
import type { KafkaConfig } from 'kafkajs';

export interface PullEndpoint {
  readonly bootstrapServers: string[];
  readonly topic: string;
  readonly groupId: string;
  readonly ssl: boolean;
}

/** The topic, group and client configuration of a pull address; `renewBeforeMs` (default 30 s, at most half the token's life) before expiry the token is renewed. */
export function pullClientConfig(address: DataAddress, clientId: string, renewBeforeMs = 30_000): { endpoint: PullEndpoint; config: KafkaConfig } {
  const property = (name: string) => endpointProperty(address, name);
  const topic = property('topic');
  const groupId = property('groupId');
  if (!address.endpoint || !topic || !groupId || property('saslMechanism') !== 'OAUTHBEARER') throw new Error('not a Kafka pull address (endpoint, topic, groupId, saslMechanism OAUTHBEARER)');
  let token = property('authorization') ?? '';
  let refreshToken = property('refreshToken');
  const refreshEndpoint = property('refreshEndpoint');
  const lifetime = (expiresIn: unknown) => Number(expiresIn) * 1000;
  let life = lifetime(property('expiresIn'));
  let expiresAt = Date.now() + life;
  const renew = async () => {
    const url = new URL(refreshEndpoint!);
    url.searchParams.set('grant_type', 'refresh_token');
    url.searchParams.set('refresh_token', refreshToken!);
    const res = await fetch(url, { method: 'POST' });
    if (!res.ok) throw new Error(`pull token renewal: ${res.status} ${await res.text()}`);
    const renewed = (await res.json()) as { access_token: string; expires_in: number; refresh_token: string };
    token = renewed.access_token;
    refreshToken = renewed.refresh_token;
    life = lifetime(renewed.expires_in);
    expiresAt = Date.now() + life;
  };
  const endpoint: PullEndpoint = { bootstrapServers: address.endpoint.split(','), topic, groupId, ssl: property('securityProtocol') === 'SASL_SSL' };
  const config: KafkaConfig = {
    clientId,
    brokers: endpoint.bootstrapServers,
    ssl: endpoint.ssl,
    // Re-authenticate well before the session ends, whatever its length (kafkajs's 10 s would be every request on short sessions).
    reauthenticationThreshold: 1_000,
    sasl: {
      mechanism: 'oauthbearer',
      oauthBearerProvider: async () => {
        if (refreshToken && refreshEndpoint && expiresAt - Date.now() < Math.min(renewBeforeMs, life / 2)) await renew();
        return { value: token };
      },
    },
  };
  return { endpoint, config };
}

/**
 * The key a data plane signs its pull tokens with (ES256): the private JWK kept in the secret
 * store (runtime scope), so replicas and restarts sign alike and the broker trusts one JWKS; a
 * key of this process when there is no store (tokens then stop validating once it restarts).
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import { type Logger, RUNTIME_SCOPE, type SecretStore } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';

/** A private EC P-256 JWK with its key id. */
export type SigningJwk = JWK & { readonly kid: string };

export function generateSigningKey(): SigningJwk {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID() };
}

/** The JWKS a broker validates the tokens against: the public half only. */
export function publicJwks(key: SigningJwk): { keys: JWK[] } {
  const { kty, crv, x, y, kid } = key;
  return { keys: [{ kty, crv, x, y, kid, alg: 'ES256', use: 'sig' } as JWK] };
}

export async function loadSigningKey(secrets: SecretStore | undefined, dataPlaneId: string, logger: Logger): Promise<SigningJwk> {
  if (!secrets) {
    logger.warn({ dataPlane: dataPlaneId }, `${PLUGIN_NAME}: no secret store; pull tokens are signed with a key of this process`);
    return generateSigningKey();
  }
  const name = signingKeySecret(dataPlaneId);
  const existing = await secrets.get(RUNTIME_SCOPE, name);
  if (!existing) {
    await secrets.put(RUNTIME_SCOPE, name, JSON.stringify(generateSigningKey()));
  }
  // Another replica may have written its key at the same time: whatever the store kept wins.
  return JSON.parse((await secrets.get(RUNTIME_SCOPE, name))!) as SigningJwk;
}

/** The runtime secret holding the signing key (a private JWK as JSON); put one there to sign with a key the broker already trusts. */
export function signingKeySecret(dataPlaneId: string): string {
  return `${PLUGIN_NAME}/${dataPlaneId}/pull-signing-key`;
}

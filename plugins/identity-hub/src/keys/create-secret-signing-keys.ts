import { createPrivateKey, sign } from 'node:crypto';
import type { SecretStore } from '@tdss/sdk';
import type { JWK } from 'jose';
import { generateKeyPair } from './generate-key-pair.ts';
import { privateKeySecret } from './private-key-secret.ts';
import type { SigningKeys } from './signing-keys.ts';

/** The default: private JWKs in the participant's scope of the SecretStore, signing in this process. */
export function createSecretSigningKeys(secrets: SecretStore): SigningKeys {
  return {
    async generate(participantId, keyPairId, algorithm) {
      const { publicJwk, privateJwk } = await generateKeyPair(algorithm);
      await secrets.put(participantId, privateKeySecret(keyPairId), JSON.stringify(privateJwk));
      return publicJwk;
    },
    async sign(participantId, keyPairId, algorithm, signingInput) {
      const secret = await secrets.get(participantId, privateKeySecret(keyPairId));
      if (secret === undefined) return undefined;
      const key = createPrivateKey({ key: JSON.parse(secret) as JWK & { kty: string }, format: 'jwk' });
      // JWS wants ECDSA signatures as r‖s, not DER.
      return algorithm === 'Ed25519' ? sign(null, signingInput, key) : sign('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' });
    },
    async destroy(participantId, keyPairId) {
      await secrets.delete(participantId, privateKeySecret(keyPairId));
    },
  };
}

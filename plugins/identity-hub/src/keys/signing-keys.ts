import { createServiceToken } from '@tdss/sdk';
import type { JWK } from 'jose';
import type { KeyAlgorithm } from './key-pair.ts';

/**
 * Where the private halves of key pairs are made, sign and are destroyed. The key service keeps
 * the rest (states, public keys, the DID document). By default they are JWKs in the SecretStore;
 * a plugin that provides this token keeps them where they never leave (e.g. Vault Transit).
 */
export interface SigningKeys {
  /** Makes the private key of key pair `keyPairId`; returns its public JWK (kty, crv, x[, y]). */
  generate(participantId: string, keyPairId: string, algorithm: KeyAlgorithm): Promise<JWK>;
  /**
   * The JWS signature over `signingInput` (EdDSA: 64 bytes; ES256: r‖s, 64 bytes), or undefined
   * when the private key is gone (destroyed by a rotation or revocation).
   */
  sign(participantId: string, keyPairId: string, algorithm: KeyAlgorithm, signingInput: Uint8Array): Promise<Uint8Array | undefined>;
  /** Destroys the private key; nothing happens when it is gone already. */
  destroy(participantId: string, keyPairId: string): Promise<void>;
}

export const SigningKeys = createServiceToken<SigningKeys>('tdss.SigningKeys', {
  description: 'Private keys of identity hub key pairs: generated, used to sign and destroyed where they live.',
  providedBy: ['@tdss/secrets-vault'],
});

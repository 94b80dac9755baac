/** What callers see of a key pair: never its private half. */
import type { JWK } from 'jose';

export const KEY_ALGORITHMS = ['Ed25519', 'P-256'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/**
 * CREATED: generated, not yet in the DID document. ACTIVATED: signs, and is in the document.
 * ROTATED: replaced; its private key is destroyed but it stays in the document, so what it signed
 * still verifies. REVOKED: gone from the document; what it signed no longer verifies.
 */
export const KEY_PAIR_STATES = ['CREATED', 'ACTIVATED', 'ROTATED', 'REVOKED'] as const;
export type KeyPairState = (typeof KEY_PAIR_STATES)[number];

export interface KeyPair {
  id: string;
  participantId: string;
  keyId: string;
  /** `<did>#<keyId>`: the `kid` of what it signs and its verification method id. */
  verificationMethodId: string;
  algorithm: KeyAlgorithm;
  state: KeyPairState;
  publicJwk: JWK;
  createdAt: string;
  activatedAt: string | null;
  rotatedAt: string | null;
  revokedAt: string | null;
}

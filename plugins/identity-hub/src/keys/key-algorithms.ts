/**
 * The algorithms a key pair can have, with the JWS `alg` it signs with and the public JWK
 * members that describe it.
 */
import type { JWK } from 'jose';
import type { KeyAlgorithm } from './key-pair.ts';

export interface AlgorithmSpec {
  /** The JWS `alg` of its signatures. */
  jws: 'EdDSA' | 'ES256';
  /** The JWK members of the public key, and nothing else: `d` can never slip through. */
  publicMembers: readonly string[];
}

export const ALGORITHMS: Record<KeyAlgorithm, AlgorithmSpec> = {
  Ed25519: { jws: 'EdDSA', publicMembers: ['kty', 'crv', 'x'] },
  'P-256': { jws: 'ES256', publicMembers: ['kty', 'crv', 'x', 'y'] },
};

export function publicJwkOf(algorithm: KeyAlgorithm, jwk: JWK): JWK {
  const members = ALGORITHMS[algorithm].publicMembers;
  return Object.fromEntries(members.map((member) => [member, jwk[member as keyof JWK]])) as JWK;
}

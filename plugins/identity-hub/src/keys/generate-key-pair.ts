import { exportJWK, generateKeyPair as generate, type JWK } from 'jose';
import { ALGORITHMS, publicJwkOf } from './key-algorithms.ts';
import type { KeyAlgorithm } from './key-pair.ts';

export interface GeneratedKeyPair {
  publicJwk: JWK;
  /** The whole key, `d` included: it goes to the SecretStore and nowhere else. */
  privateJwk: JWK;
}

export async function generateKeyPair(algorithm: KeyAlgorithm): Promise<GeneratedKeyPair> {
  const { privateKey } = await generate(ALGORITHMS[algorithm].jws, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  return { publicJwk: publicJwkOf(algorithm, privateJwk), privateJwk };
}

import { calculateJwkThumbprint, exportJWK, generateKeyPair as generate, type JWK } from 'jose';
import { ALGORITHMS, publicJwkOf } from './key-algorithms.ts';
import type { KeyAlgorithm } from './key-pair.ts';

export interface GeneratedKeyPair {
  publicJwk: JWK;
  /** The whole key, `d` included: it goes to the SecretStore and nowhere else. */
  privateJwk: JWK;
  /** RFC 7638 thumbprint of the public key, the default key id. */
  thumbprint: string;
}

export async function generateKeyPair(algorithm: KeyAlgorithm): Promise<GeneratedKeyPair> {
  const { privateKey } = await generate(ALGORITHMS[algorithm].jws, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = publicJwkOf(algorithm, privateJwk);
  return { publicJwk, privateJwk, thumbprint: await calculateJwkThumbprint(publicJwk) };
}

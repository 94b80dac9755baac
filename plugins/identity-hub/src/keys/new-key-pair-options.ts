import { problems } from '@tdss/sdk';
import { KEY_ALGORITHMS, type KeyAlgorithm } from './key-pair.ts';
import type { NewKeyPair } from './key-service.ts';

/** Key ids are DID URL fragments; these characters need no escaping there or in a URL path. */
const KEY_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Checks options that may come straight from a request body; 400 problems name the member. */
export function checkNewKeyPair(options: NewKeyPair): { algorithm?: KeyAlgorithm; keyId?: string } {
  const { algorithm, keyId } = options;
  if (algorithm !== undefined && !KEY_ALGORITHMS.includes(algorithm)) {
    throw problems.badRequest(`algorithm must be one of ${KEY_ALGORITHMS.join(', ')}`);
  }
  if (keyId !== undefined && (typeof keyId !== 'string' || !KEY_ID.test(keyId))) {
    throw problems.badRequest('keyId must be 1 to 128 characters of letters, digits, ".", "_" and "-"');
  }
  return { ...(algorithm ? { algorithm } : {}), ...(keyId ? { keyId } : {}) };
}

/**
 * Client secrets of the HTTP STS, one per participant context (its OAuth 2 client id). Only a
 * SHA-256 digest is kept, in the SecretStore under the participant's scope, so a leaked store
 * entry cannot be replayed as the secret; digests of equal length also make the comparison
 * constant-time whatever the length of the secret presented.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { problems, type SecretStore } from '@tdss/sdk';

const SECRET_KEY = 'identity-hub/sts/client-secret-sha256';
const MIN_LENGTH = 8;
const MAX_LENGTH = 1024;

export interface StsClientSecrets {
  /** Sets (or replaces) the participant's client secret; 400 for one that is too short or too long. */
  set(participantId: string, secret: string): Promise<void>;
  /** Returns whether the participant had a client secret. */
  delete(participantId: string): Promise<boolean>;
  /** True only when the participant has a client secret and `secret` is it. */
  matches(participantId: string, secret: string): Promise<boolean>;
}

export function createStsClientSecrets(secrets: () => SecretStore): StsClientSecrets {
  return {
    async set(participantId, secret) {
      if (secret.length < MIN_LENGTH || secret.length > MAX_LENGTH) {
        throw problems.badRequest(`clientSecret must be ${MIN_LENGTH} to ${MAX_LENGTH} characters`);
      }
      await secrets().put(participantId, SECRET_KEY, digest(secret).toString('base64'));
    },
    delete: (participantId) => secrets().delete(participantId, SECRET_KEY),
    async matches(participantId, secret) {
      const stored = await secrets().get(participantId, SECRET_KEY);
      // A missing secret still costs one digest and comparison, so timing does not tell clients apart.
      const expected = stored === undefined ? Buffer.alloc(32) : Buffer.from(stored, 'base64');
      const equal = expected.length === 32 && timingSafeEqual(expected, digest(secret));
      return stored !== undefined && equal;
    },
  };
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

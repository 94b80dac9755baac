/**
 * AES-256-GCM with a random 96-bit IV per write. The tenant and key are authenticated data, so a
 * ciphertext copied to another tenant or key fails to decrypt instead of yielding the value there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TdssError } from '@tdss/sdk';
import type { MasterKey } from '../master-key/master-key.ts';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedSecret {
  /** base64 of IV, authentication tag and ciphertext. */
  ciphertext: string;
  keyId: string;
}

export interface SecretCipher {
  seal(tenantId: string, key: string, value: string): SealedSecret;
  open(tenantId: string, key: string, sealed: SealedSecret): string;
}

export interface CipherOptions {
  plugin: string;
  /** How an operator supplies another master key, for the wrong-key error. */
  supplyHint: (keyId: string) => string;
}

export function createSecretCipher(master: MasterKey, options: CipherOptions): SecretCipher {
  // JSON keeps the pair unambiguous: ("a", "b:c") and ("a:b", "c") authenticate differently.
  const aad = (tenantId: string, key: string) => Buffer.from(JSON.stringify([tenantId, key]), 'utf8');
  return {
    seal(tenantId, key, value) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, master.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(tenantId, key));
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'), keyId: master.id };
    },
    open(tenantId, key, sealed) {
      const what = `secret ${JSON.stringify(key)} of tenant ${tenantId}`;
      if (sealed.keyId !== master.id) {
        throw new TdssError(`${what} was encrypted with master key ${sealed.keyId}, but the configured master key is ${master.id}`, {
          code: 'SECRETS_WRONG_KEY',
          plugin: options.plugin,
          hint: options.supplyHint(sealed.keyId),
        });
      }
      const raw = Buffer.from(sealed.ciphertext, 'base64');
      try {
        const decipher = createDecipheriv(ALGORITHM, master.key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(tenantId, key));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new TdssError(`${what} does not decrypt: its stored ciphertext was altered, or copied from another tenant or key`, {
          code: 'SECRETS_UNDECRYPTABLE',
          plugin: options.plugin,
          cause: error,
          hint: 'restore the row from a backup, or put the secret again',
        });
      }
    },
  };
}

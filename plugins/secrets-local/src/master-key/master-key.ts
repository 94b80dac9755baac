import { createHash } from 'node:crypto';
import { TdssError } from '@tdss/sdk';

export const KEY_BYTES = 32;

export interface MasterKey {
  readonly key: Buffer;
  /** A short hash of the key: stored with every row so that a wrong key is told apart from damage. */
  readonly id: string;
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** Reads a base64 key; `source` names where it came from, since the value itself is never shown. */
export function parseMasterKey(text: string, source: string, plugin: string): MasterKey {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== KEY_BYTES) {
    throw new TdssError(`${source} does not hold a ${KEY_BYTES}-byte master key in base64`, {
      code: 'SECRETS_BAD_KEY',
      plugin,
      hint: `put ${KEY_BYTES} random bytes in base64 there, e.g. the output of \`openssl rand -base64 ${KEY_BYTES}\``,
    });
  }
  return { key, id: keyId(key) };
}

import { createHash, randomUUID } from 'node:crypto';

/**
 * The id of a new key pair. With a key id of the caller's choosing it is derived from the
 * participant and that key id (UUID-shaped, version 5 style), so a create repeated after a crash
 * between storing the private key and committing its record writes the same secret again instead
 * of leaving a second private key behind; `(participant, keyId)` is unique anyway.
 */
export function newKeyPairId(participantId: string, keyId?: string): string {
  if (keyId === undefined) return randomUUID();
  const hex = createHash('sha256').update(`${participantId}\u0000${keyId}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

import { encodeSegment } from '../paths/encode-segment.ts';

/**
 * Transit key names are flat (no folders), so tenant and key pair are joined with `__`, which an
 * encoded segment never contains: `<prefix>__<tenant>__<key pair id>`.
 */
export function transitKeyName(prefix: string, tenantId: string, keyPairId: string): string {
  return `${tenantKeyPrefix(prefix, tenantId)}${encodeSegment(keyPairId)}`;
}

/** The start that every Transit key name of one tenant has, and no other tenant's. */
export function tenantKeyPrefix(prefix: string, tenantId: string): string {
  return `${prefix}__${encodeSegment(tenantId)}__`;
}

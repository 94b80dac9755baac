/** Reading management roles and the tenant out of token claims, wherever the IdP put them. */
import { MANAGEMENT_ROLES, type ManagementRole } from '@tdss/sdk';

/** A claim by name, or by a dotted path into nested objects (Keycloak's `realm_access.roles`). */
export function readClaim(payload: Record<string, unknown>, name: string): unknown {
  if (name in payload) return payload[name];
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The management roles among a claim's values (an array, or a space-separated string as `scope` is); others are ignored. */
export function managementRoles(claim: unknown): ManagementRole[] {
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(' ') : [];
  return MANAGEMENT_ROLES.filter((role) => values.includes(role));
}

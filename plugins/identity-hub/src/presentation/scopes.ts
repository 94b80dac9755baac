/**
 * DCP 1.0 presentation scopes, `<alias>:<discriminator>`, optionally followed by an operation as
 * EDC and the DCP TCK write them (`org.eclipse.dspace.dcp.vc.type:MembershipCredential:read`).
 * Both aliases the spec requires are read: `vc.type` (credentials of a type) and `vc.id` (one
 * credential by id). Only read access is granted through them: `:read` and `:all`, or no operation.
 */
export const VC_TYPE_ALIAS = 'org.eclipse.dspace.dcp.vc.type';
export const VC_ID_ALIAS = 'org.eclipse.dspace.dcp.vc.id';

export type ScopeGrant = { kind: 'type'; type: string } | { kind: 'id'; id: string };

const TYPE_TERM = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The scope that lets a verifier read credentials of `type`. */
export function typeScope(type: string): string {
  return `${VC_TYPE_ALIAS}:${type}:read`;
}

/** What a scope grants, or undefined for a scope this credential service does not serve. */
export function readScope(scope: string): ScopeGrant | undefined {
  for (const [alias, kind] of [[VC_TYPE_ALIAS, 'type'], [VC_ID_ALIAS, 'id']] as const) {
    if (!scope.startsWith(`${alias}:`)) continue;
    let value = scope.slice(alias.length + 1);
    const operation = /:(read|all|write)$/.exec(value)?.[1];
    if (operation === 'write') return undefined;
    if (operation) value = value.slice(0, -operation.length - 1);
    if (kind === 'type') return TYPE_TERM.test(value) ? { kind, type: value } : undefined;
    return value.length > 0 ? { kind, id: value } : undefined;
  }
  return undefined;
}

/** One spelling per grant, so that `…:Member` and `…:Member:read` compare equal. */
export function scopeKey(scope: string): string | undefined {
  const grant = readScope(scope);
  if (!grant) return undefined;
  return grant.kind === 'type' ? `type:${grant.type}` : `id:${grant.id}`;
}

/** The requested scopes the access token grants, as grants; others are left out, as DCP asks. */
export function grantedReads(requested: readonly string[], granted: readonly string[]): ScopeGrant[] {
  const allowed = new Set(granted.map(scopeKey).filter((key) => key !== undefined));
  return requested.filter((scope) => allowed.has(scopeKey(scope) ?? '')).map((scope) => readScope(scope)!);
}

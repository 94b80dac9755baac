/**
 * Credential types are written as terms (`MembershipCredential`) or as IRIs; configuration and
 * scopes name terms. A term matches itself and any IRI that ends in it, as the policy engine's
 * credential functions match types.
 */
export function sameType(held: string, wanted: string): boolean {
  return held === wanted || [':', '/', '#'].some((separator) => held.endsWith(`${separator}${wanted}`));
}

/** The type every credential has; it says nothing a trust decision could rest on. */
export const BASE_CREDENTIAL_TYPE = 'VerifiableCredential';

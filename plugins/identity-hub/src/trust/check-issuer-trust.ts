import { InvalidCredentialError, type ParsedCredential } from '../credentials/parsed-credential.ts';
import { BASE_CREDENTIAL_TYPE, sameType } from '../credentials/same-type.ts';
import type { DataspaceTrust } from './dataspace-trust.ts';

/**
 * A credential is accepted only when its issuer is trusted for every type it claims: an issuer
 * trusted for memberships must not vouch for anything else by adding a type.
 */
export function checkIssuerTrust(trust: DataspaceTrust | undefined, credential: ParsedCredential): void {
  if (!trust) throw new InvalidCredentialError('no dataspace is configured for this participant context, so it trusts no issuer');
  const types = credential.types.filter((type) => !sameType(type, BASE_CREDENTIAL_TYPE));
  if (types.length === 0) throw new InvalidCredentialError(`the credential names no type beyond ${BASE_CREDENTIAL_TYPE}`);
  const untrusted = types.filter((type) => !trust.trusts(credential.issuer, type));
  if (untrusted.length > 0) {
    throw new InvalidCredentialError(`issuer ${credential.issuer} is not trusted for ${untrusted.join(', ')} in dataspace ${trust.name}`);
  }
}

/**
 * The checks every credential passes wherever it arrives (the Storage API, a presentation): the
 * issuer's signature with a key the issuer's DID document lists under assertionMethod, the
 * validity window and the subject. Trust in the issuer and revocation are checked by the callers
 * that know the dataspace.
 */
import type { DidResolver } from '../resolver/did-resolver.ts';
import { JwsVerificationError } from '../verify/jws-verification-error.ts';
import { verifyJws } from '../verify/verify-jws.ts';
import { parseCredential } from './parse-credential.ts';
import { InvalidCredentialError, type ParsedCredential } from './parsed-credential.ts';

export interface CredentialChecks {
  resolver: DidResolver;
  /** The DID the credential must be about. */
  holder: string;
  now: Date;
  clockSkewMs: number;
}

export async function verifyCredential(raw: unknown, checks: CredentialChecks): Promise<ParsedCredential> {
  const credential = parseCredential(raw);
  try {
    await verifyJws(checks.resolver, credential.raw, { relationship: 'assertionMethod', signer: credential.issuer });
  } catch (error) {
    if (error instanceof JwsVerificationError) throw new InvalidCredentialError(`the credential of ${credential.issuer} does not verify: ${error.message}`);
    throw error;
  }
  checkValidity(credential, checks.now, checks.clockSkewMs);
  if (credential.subjectId !== checks.holder) {
    throw new InvalidCredentialError(`the credential is about ${credential.subjectId}, not its holder ${checks.holder}`);
  }
  return credential;
}

export function checkValidity(credential: ParsedCredential, now: Date, clockSkewMs: number): void {
  const { validFrom, validUntil } = credential;
  if (validFrom && validFrom.getTime() > now.getTime() + clockSkewMs) {
    throw new InvalidCredentialError(`the credential is not valid before ${validFrom.toISOString()}`);
  }
  if (validUntil && validUntil.getTime() <= now.getTime() - clockSkewMs) {
    throw new InvalidCredentialError(`the credential expired at ${validUntil.toISOString()}`);
  }
}

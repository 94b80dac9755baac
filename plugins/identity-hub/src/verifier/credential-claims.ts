/**
 * The claims the verifier hands on (VerifiedCounterparty.claims), keyed by credential type: for
 * each type a presented, verified and trusted credential has (VerifiableCredential left out), the
 * list of its `credentialSubject` objects, `id` included, e.g.
 * `{ MembershipCredential: [{ id: "did:web:…", level: "gold" }] }`.
 *
 * The control plane's policyContextOf turns each subject into a credential of that type in
 * `context.counterparty.credentials`, where the policy engine's credential functions read it
 * (`MembershipCredential`, `MembershipCredential.level`, `vc:<Type>.<path>`). Only credentials
 * valid now are handed on, which is why no validity dates are.
 */
import type { ParsedCredential } from '../credentials/parsed-credential.ts';
import { BASE_CREDENTIAL_TYPE } from '../credentials/same-type.ts';

export type CredentialClaims = Record<string, Record<string, unknown>[]>;

export function credentialClaims(credentials: readonly ParsedCredential[]): CredentialClaims {
  const claims: CredentialClaims = {};
  for (const credential of credentials) {
    for (const type of credential.types) {
      if (type === BASE_CREDENTIAL_TYPE) continue;
      (claims[type] ??= []).push(...credential.subjects.map((subject) => structuredClone(subject)));
    }
  }
  return claims;
}

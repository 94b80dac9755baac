/**
 * The credential an issued-credential record describes, signed in its DCP profile:
 * `vc11-sl2021/jwt` (VC 1.1 in the `vc` claim of a JWT) or `vc20-bssl/jwt` (VC 2.0 with an
 * enveloping JOSE proof). Both carry a BitstringStatusListEntry for revocation, and the
 * definition's credentialSchema (VC JSON Schema, type `JsonSchema`) when it names one.
 *
 * The KeyService signs with the participant's active key. A definition that names its key wants
 * that key and no other: `signingKey` is its verification method id, and a signature under any
 * other key (the named one was rotated meanwhile) is a SigningKeyRetiredError.
 */
import { decodeProtectedHeader } from 'jose';
import type { IssuerDeps } from '../issuer-deps.ts';
import type { IssuedCredentialRecord } from '../storage/issued-credential-record.ts';
import { statusListUrl } from '../status-lists/status-list-url.ts';

export class SigningKeyRetiredError extends Error {}

export async function signCredential(deps: IssuerDeps, record: Readonly<IssuedCredentialRecord>, issuer: string, signingKey?: string): Promise<string> {
  const jws = await sign(deps, record, issuer);
  if (signingKey !== undefined && decodeProtectedHeader(jws).kid !== signingKey) throw new SigningKeyRetiredError(`${signingKey} no longer signs`);
  return jws;
}

function sign(deps: IssuerDeps, record: Readonly<IssuedCredentialRecord>, issuer: string): Promise<string> {
  const listUrl = statusListUrl(deps.issuerBaseUrl(record.tenantId), record.statusListId);
  const credentialStatus = {
    id: `${listUrl}#${record.statusListIndex}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: String(record.statusListIndex),
    statusListCredential: listUrl,
  };
  const credentialSubject = { ...(JSON.parse(record.claims) as Record<string, unknown>), id: record.holderDid };
  const type = ['VerifiableCredential', record.credentialType];
  const credentialSchema = record.credentialSchema ? { credentialSchema: { id: record.credentialSchema, type: 'JsonSchema' } } : {};
  if (record.format === 'vc20-bssl/jwt') {
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: record.credentialId,
      type,
      issuer,
      validFrom: record.validFrom.toISOString(),
      validUntil: record.validUntil.toISOString(),
      credentialStatus,
      ...credentialSchema,
      credentialSubject,
    };
    return deps.dcp.keys.sign(record.tenantId, JSON.stringify(credential), { typ: 'vc+jwt' });
  }
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
  const claims = {
    iss: issuer,
    sub: record.holderDid,
    jti: record.credentialId,
    iat: seconds(record.validFrom),
    nbf: seconds(record.validFrom),
    exp: seconds(record.validUntil),
    vc: {
      '@context': ['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/ns/credentials/status/v1'],
      id: record.credentialId,
      type,
      issuer,
      issuanceDate: record.validFrom.toISOString(),
      expirationDate: record.validUntil.toISOString(),
      credentialStatus,
      ...credentialSchema,
      credentialSubject,
    },
  };
  return deps.dcp.keys.sign(record.tenantId, JSON.stringify(claims), { typ: 'JWT' });
}

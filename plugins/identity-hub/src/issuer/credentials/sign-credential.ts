/**
 * The credential an issued-credential record describes, signed with the issuer's active key in its
 * DCP profile: `vc11-sl2021/jwt` (VC 1.1 in the `vc` claim of a JWT) or `vc20-bssl/jwt` (VC 2.0
 * with an enveloping JOSE proof). Both carry a BitstringStatusListEntry for revocation.
 */
import type { IssuerDeps } from '../issuer-deps.ts';
import type { IssuedCredentialRecord } from '../storage/issued-credential-record.ts';
import { statusListUrl } from '../status-lists/status-list-url.ts';

export async function signCredential(deps: IssuerDeps, record: Readonly<IssuedCredentialRecord>, issuer: string): Promise<string> {
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
  if (record.format === 'vc20-bssl/jwt') {
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: record.credentialId,
      type,
      issuer,
      validFrom: record.validFrom.toISOString(),
      validUntil: record.validUntil.toISOString(),
      credentialStatus,
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
      credentialSubject,
    },
  };
  return deps.dcp.keys.sign(record.tenantId, JSON.stringify(claims), { typ: 'JWT' });
}

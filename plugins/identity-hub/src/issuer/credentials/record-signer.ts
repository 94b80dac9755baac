import { decodeProtectedHeader } from 'jose';
import type { IssuerDeps } from '../issuer-deps.ts';
import { IssuedCredentialRecord } from '../storage/issued-credential-record.ts';

/**
 * Notes which key signed the credential about to be delivered, so an operator about to retire a
 * key finds what it signed (DCP: rotated keys should stay until what they signed has expired) and
 * can offer those holders a reissue. Written only when it changes: a retry after a rotation signs
 * with the successor.
 */
export async function recordSigner(deps: IssuerDeps, record: Readonly<IssuedCredentialRecord>, jws: string): Promise<void> {
  const { kid } = decodeProtectedHeader(jws);
  if (kid === undefined || kid === record.signedWith) return;
  await deps.db.tenantRepository(IssuedCredentialRecord, record.tenantId).update(record.id, { signedWith: kid });
}

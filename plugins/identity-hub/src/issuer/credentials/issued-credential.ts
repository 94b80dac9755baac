import type { CredentialFormat } from '../../credentials/parsed-credential.ts';
import type { IssuedCredentialRecord } from '../storage/issued-credential-record.ts';

/** An issued credential as the management API shows it; the credential itself is not kept. */
export interface IssuedCredential {
  id: string;
  participantId: string;
  requestId: string;
  definitionId: string;
  credentialId: string;
  credentialType: string;
  format: CredentialFormat;
  holderDid: string;
  /** The verification method (`<did>#<keyId>`) that signed it; null until it is signed. */
  signedWith: string | null;
  statusListId: string;
  statusListIndex: number;
  validFrom: string;
  validUntil: string;
  revokedAt: string | null;
  createdAt: string;
}

export function toIssuedCredential(record: IssuedCredentialRecord): IssuedCredential {
  return {
    id: record.id,
    participantId: record.tenantId,
    requestId: record.requestId,
    definitionId: record.definitionId,
    credentialId: record.credentialId,
    credentialType: record.credentialType,
    format: record.format,
    holderDid: record.holderDid,
    signedWith: record.signedWith ?? null,
    statusListId: record.statusListId,
    statusListIndex: record.statusListIndex,
    validFrom: record.validFrom.toISOString(),
    validUntil: record.validUntil.toISOString(),
    revokedAt: record.revokedAt?.toISOString() ?? null,
    createdAt: record.createdAt.toISOString(),
  };
}

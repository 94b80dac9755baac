import type { CredentialRecord } from '../storage/credential-record.ts';
import type { StoredCredential } from './credential-store.ts';

export function toStoredCredential(record: CredentialRecord): StoredCredential {
  return {
    id: record.id,
    participantId: record.tenantId,
    credentialId: record.credentialId ?? null,
    format: record.format,
    types: JSON.parse(record.types) as string[],
    issuer: record.issuer,
    subjectId: record.subjectId,
    validFrom: record.validFrom?.toISOString() ?? null,
    validUntil: record.validUntil?.toISOString() ?? null,
    status: JSON.parse(record.status) as Record<string, unknown>[],
    issuerPid: record.issuerPid ?? null,
    holderPid: record.holderPid ?? null,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

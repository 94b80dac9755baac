import type { CredentialFormat } from '../../credentials/parsed-credential.ts';
import type { Attestation } from '../attestations/attestation.ts';
import type { CredentialDefinitionRecord } from '../storage/credential-definition-record.ts';

export interface NewCredentialDefinition {
  credentialType: string;
  format: CredentialFormat;
  validitySeconds: number;
  claims: Record<string, unknown>;
  attestations: Attestation[];
  /** The key pair (of the issuer's DID, under assertionMethod) that signs what it issues; absent: the active key at signing. */
  signingKeyPairId?: string;
  /** URL of the JSON schema of the credential subject: in the metadata and in every credential issued. */
  credentialSchema?: string;
}

export interface CredentialDefinition extends NewCredentialDefinition {
  id: string;
  participantId: string;
  createdAt: string;
}

export function toCredentialDefinition(record: CredentialDefinitionRecord): CredentialDefinition {
  return {
    id: record.id,
    participantId: record.tenantId,
    credentialType: record.credentialType,
    format: record.format,
    validitySeconds: record.validitySeconds,
    claims: JSON.parse(record.claims) as Record<string, unknown>,
    attestations: JSON.parse(record.attestations) as Attestation[],
    ...(record.signingKeyPairId ? { signingKeyPairId: record.signingKeyPairId } : {}),
    ...(record.credentialSchema ? { credentialSchema: record.credentialSchema } : {}),
    createdAt: record.createdAt.toISOString(),
  };
}

import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { CredentialFormat } from '../../credentials/parsed-credential.ts';

export const CREDENTIAL_DEFINITIONS_TABLE = 'identity_hub_issuer_definitions';

/**
 * A credential an issuing participant (tenantId) offers: its type and format, how long what it
 * issues is valid, the claims every holder gets, the attestations that decide issuance, and
 * optionally the key that signs it and the schema of its subject. Its
 * id is the `id` of the CredentialObject in the issuer metadata that holders request.
 */
export const CredentialDefinitionRecord = defineEntity({
  name: 'IdentityHubCredentialDefinition',
  tableName: CREDENTIAL_DEFINITIONS_TABLE,
  properties: {
    id: p.string().primary(),
    tenantId: p.string(),
    credentialType: p.string(),
    format: p.string().$type<CredentialFormat>(),
    validitySeconds: p.integer(),
    /** JSON text: claims of every credential subject. */
    claims: p.text(),
    /** JSON text: the attestations, all of which must let a holder have the credential. */
    attestations: p.text(),
    /** The key pair that signs what it issues; null: the participant's active key at signing. */
    signingKeyPairId: p.string().nullable(),
    /** URL of the JSON schema of the credential subject, named in the metadata and in each credential. */
    credentialSchema: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type CredentialDefinitionRecord = InferEntity<typeof CredentialDefinitionRecord>;

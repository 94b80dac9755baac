import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { CredentialFormat } from '../../credentials/parsed-credential.ts';

export const CREDENTIAL_DEFINITIONS_TABLE = 'identity_hub_issuer_definitions';

/**
 * A credential an issuing participant (tenantId) offers: its type and format, how long what it
 * issues is valid, the claims every holder gets, and the attestations that decide issuance. Its
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
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type CredentialDefinitionRecord = InferEntity<typeof CredentialDefinitionRecord>;

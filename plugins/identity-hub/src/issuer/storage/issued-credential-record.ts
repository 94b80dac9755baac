import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { CredentialFormat } from '../../credentials/parsed-credential.ts';

export const ISSUED_CREDENTIALS_TABLE = 'identity_hub_issuer_credentials';

/**
 * A credential the issuer (tenantId) issued: one per request and definition, so an issuance that
 * runs again (a retry, a replica resuming) signs the same credential again. What it says is fixed
 * here; the JWS is made at each delivery and not kept. Its status list bit is its revocation.
 */
export const IssuedCredentialRecord = defineEntity({
  name: 'IdentityHubIssuedCredential',
  tableName: ISSUED_CREDENTIALS_TABLE,
  properties: {
    id: p.string().primary(),
    tenantId: p.string(),
    requestId: p.string(),
    definitionId: p.string(),
    /** The credential's own id (`urn:uuid:…`). */
    credentialId: p.string(),
    credentialType: p.string(),
    format: p.string().$type<CredentialFormat>(),
    holderDid: p.string(),
    /** JSON text: the credential subject's claims besides its id. */
    claims: p.text(),
    /** The definition's credentialSchema URL when it was made, if any. */
    credentialSchema: p.string().nullable(),
    /** The verification method (kid) of the last signature delivered: what a key's revocation invalidates. */
    signedWith: p.string().nullable(),
    statusListId: p.string(),
    statusListIndex: p.integer(),
    validFrom: p.datetime(),
    validUntil: p.datetime(),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IssuedCredentialRecord = InferEntity<typeof IssuedCredentialRecord>;

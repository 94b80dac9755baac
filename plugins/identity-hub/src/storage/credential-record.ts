import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { CredentialFormat } from '../credentials/parsed-credential.ts';

export const CREDENTIALS_TABLE = 'identity_hub_credentials';

/**
 * A verifiable credential in a participant's wallet, as the issuer sent it (`raw`, a compact JWS),
 * with the members the presentation query and the identity API read kept beside it. tenantId is
 * the holder's participant context id.
 */
export const CredentialRecord = defineEntity({
  name: 'IdentityHubCredential',
  tableName: CREDENTIALS_TABLE,
  properties: {
    id: p.string().primary(),
    tenantId: p.string(),
    /** The credential's own `id`, when it has one; a credential stored again under it replaces the old one. */
    credentialId: p.string().nullable(),
    format: p.string().$type<CredentialFormat>(),
    /** JSON text: the `type` values. */
    types: p.text(),
    issuer: p.string(),
    subjectId: p.string(),
    validFrom: p.datetime().nullable(),
    validUntil: p.datetime().nullable(),
    /** JSON text: the `credentialStatus` entries, `[]` without any. */
    status: p.text(),
    raw: p.text(),
    issuerPid: p.string().nullable(),
    holderPid: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type CredentialRecord = InferEntity<typeof CredentialRecord>;

import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const CREDENTIAL_OFFERS_TABLE = 'identity_hub_credential_offers';

/**
 * A CredentialOfferMessage a trusted issuer sent to a participant (the holder, `tenantId`), kept
 * for the operator to act on: requesting the credentials is a later step of the issuance flow.
 */
export const CredentialOfferRecord = defineEntity({
  name: 'IdentityHubCredentialOffer',
  tableName: CREDENTIAL_OFFERS_TABLE,
  properties: {
    id: p.string().primary(),
    tenantId: p.string(),
    issuer: p.string(),
    /** JSON text: the offered CredentialObjects as the issuer sent them. */
    credentials: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type CredentialOfferRecord = InferEntity<typeof CredentialOfferRecord>;

import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const DIDS_TABLE = 'identity_hub_dids';

/**
 * The participant's identity record: its DID, fixed when the record is created (moving a did:web
 * to another URL makes it another DID). tenantId is the participant context id.
 */
export const DidRecord = defineEntity({
  name: 'IdentityHubDid',
  tableName: DIDS_TABLE,
  properties: {
    did: p.string().primary(),
    tenantId: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type DidRecord = InferEntity<typeof DidRecord>;

import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const STATUS_LISTS_TABLE = 'identity_hub_issuer_status_lists';

/** A revocation list of an issuer (tenantId); its bits are the revoked credentials that point into it. */
export const StatusListRecord = defineEntity({
  name: 'IdentityHubStatusList',
  tableName: STATUS_LISTS_TABLE,
  properties: {
    id: p.string().primary(),
    tenantId: p.string(),
    /** Bits in the list. */
    size: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type StatusListRecord = InferEntity<typeof StatusListRecord>;

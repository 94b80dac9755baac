import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const USED_TOKEN_IDS_TABLE = 'identity_hub_used_token_ids';

/**
 * A self-issued token id (`jti`) a participant has accepted, kept until the token could no longer
 * be accepted anyway. The id is a hash of participant, token issuer and jti, so that one insert
 * decides a replay even when several replicas receive the same token at once.
 */
export const UsedTokenIdRecord = defineEntity({
  name: 'IdentityHubUsedTokenId',
  tableName: USED_TOKEN_IDS_TABLE,
  properties: {
    id: p.string().primary(),
    tenantId: p.string(),
    expiresAt: p.datetime(),
  },
});
export type UsedTokenIdRecord = InferEntity<typeof UsedTokenIdRecord>;

import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { KeyAlgorithm, KeyPairState } from '../keys/key-pair.ts';

export const KEY_PAIRS_TABLE = 'identity_hub_key_pairs';

/**
 * A key pair of a participant: its public half and its lifecycle. The private half lives only in
 * the SecretStore, under the participant, keyed by this record's id.
 */
export const KeyPairRecord = defineEntity({
  name: 'IdentityHubKeyPair',
  tableName: KEY_PAIRS_TABLE,
  properties: {
    id: p.string().primary(),
    tenantId: p.string(),
    /** The verification method fragment: `<did>#<keyId>`; unique per participant. */
    keyId: p.string(),
    algorithm: p.string().$type<KeyAlgorithm>(),
    state: p.string().$type<KeyPairState>(),
    /** The public JWK as JSON text (text, not json: the same on both dialects). */
    publicJwk: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
    activatedAt: p.datetime().nullable(),
    rotatedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type KeyPairRecord = InferEntity<typeof KeyPairRecord>;

import type { JWK } from 'jose';
import type { KeyPairRecord } from '../storage/key-pair-record.ts';
import type { KeyPair } from './key-pair.ts';

/** A stored key pair as callers see it: public JWK, ISO timestamps, its DID URL. */
export function toKeyPair(record: KeyPairRecord, did: string): KeyPair {
  return {
    id: record.id,
    participantId: record.tenantId,
    keyId: record.keyId,
    verificationMethodId: `${did}#${record.keyId}`,
    algorithm: record.algorithm,
    state: record.state,
    publicJwk: JSON.parse(record.publicJwk) as JWK,
    createdAt: record.createdAt.toISOString(),
    activatedAt: record.activatedAt?.toISOString() ?? null,
    rotatedAt: record.rotatedAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}

/**
 * Remembers the `jti` of every self-issued token a participant accepted until that token expires,
 * in the database: one insert decides, so a replay is caught even when it reaches another replica
 * or arrives after a restart.
 */
import { createHash } from 'node:crypto';
import { type Database, type Logger, ProblemError } from '@tdss/sdk';
import { UsedTokenIdRecord } from '../storage/used-token-id-record.ts';

export interface TokenIdStore {
  /** False when the participant has already accepted a token of this issuer with this jti. */
  remember(participantId: string, issuer: string, jti: string, expiresAt: Date): Promise<boolean>;
}

/** Expired ids are purged at most this often, by whichever call comes first: no timer to stop. */
const PURGE_INTERVAL_MS = 60_000;

export function createTokenIdStore(options: { db: Database; logger: Logger; now?: () => Date }): TokenIdStore {
  const { db, logger, now = () => new Date() } = options;
  let lastPurge = 0;
  const purgeExpired = (at = now()) => db.em().nativeDelete(UsedTokenIdRecord, { expiresAt: { $lt: at } });
  return {
    async remember(participantId, issuer, jti, expiresAt) {
      const at = now();
      if (at.getTime() - lastPurge >= PURGE_INTERVAL_MS) {
        lastPurge = at.getTime();
        await purgeExpired(at).catch((error: unknown) => logger.warn({ err: error }, 'expired token ids could not be purged; the next purge tries again'));
      }
      const id = createHash('sha256').update(JSON.stringify([participantId, issuer, jti])).digest('hex');
      try {
        await db.tenantRepository(UsedTokenIdRecord, participantId).create({ id, expiresAt });
        return true;
      } catch (error) {
        if (error instanceof ProblemError && error.status === 409) return false;
        throw error;
      }
    },
  };
}

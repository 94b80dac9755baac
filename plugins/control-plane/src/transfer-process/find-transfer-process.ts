import { type EntityManager, LockMode } from '@mikro-orm/core';
import type { Database } from '@tdss/sdk';
import { TransferProcessEntity, type TransferProcessRow } from './transfer-process.ts';

/**
 * A participant context's process by our pid, read for a transition: on PostgreSQL the row stays
 * locked until the caller's transaction ends, so the state a decision is made on is the state the
 * transition is written from. Another participant context's process is not found.
 */
export function findTransferProcessForUpdate(db: Database, em: EntityManager, tenantId: string, id: string): Promise<TransferProcessRow | null> {
  const lock = db.dialect === 'postgresql' ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
  return em.findOne(TransferProcessEntity, { id, tenantId }, { ...lock, refresh: true });
}

import type { Database } from '@tdss/sdk';
import { randomUUID } from 'node:crypto';
import { IssuedCredentialRecord } from '../storage/issued-credential-record.ts';
import { StatusListRecord } from '../storage/status-list-record.ts';
import { STATUS_LIST_FILL, STATUS_LIST_SIZE } from './status-list-size.ts';

/**
 * The list new credentials of the issuer go into: its newest, or a new one when that is filled.
 * Two replicas that open a list at once each open one; both are served, so nothing is lost.
 */
export async function currentStatusList(db: Database, participantId: string): Promise<StatusListRecord> {
  const lists = db.tenantRepository(StatusListRecord, participantId);
  const newest = (await lists.find({}, { limit: 1, orderBy: { createdAt: 'desc' } })).items[0];
  if (newest && (await db.tenantRepository(IssuedCredentialRecord, participantId).count({ statusListId: newest.id })) < STATUS_LIST_FILL) return newest;
  return lists.create({ id: randomUUID(), size: STATUS_LIST_SIZE });
}

import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Agreement } from '@tdss/json-ld';
import { type Database, problems } from '@tdss/sdk';
import { resolveEntityTable } from '@tdss/state-machine';
import { type ContractAgreementRow, ContractAgreementEntity } from './contract-agreement.ts';

/**
 * Stores an agreement of a participant context inside the caller's unit of work (or on its own
 * without one). Repeating it for the same negotiation changes nothing, so a retried finalization
 * records the agreement once; the same id from another negotiation is refused with 409. One
 * `INSERT … ON CONFLICT DO NOTHING`: the existing row is read only when there is one.
 */
export async function recordAgreement(
  db: Database,
  em: EntityManager | undefined,
  tenantId: string,
  agreement: Agreement,
  negotiationId: string | null,
): Promise<ContractAgreementRow> {
  const signedAt = new Date(agreement.timestamp ?? Number.NaN);
  const row: ContractAgreementRow = {
    pk: randomUUID(),
    tenantId,
    id: agreement['@id'],
    providerId: agreement.assigner,
    consumerId: agreement.assignee,
    assetId: agreement.target,
    policy: agreement,
    signedAt,
    negotiationId,
    createdAt: new Date(),
  };
  if (Number.isNaN(signedAt.getTime())) {
    // A repeat of a recorded agreement is still answered with it.
    const found = await existing(db, em, row);
    if (found) return found;
    throw problems.badRequest('the agreement needs a timestamp (xsd:dateTime)');
  }
  const inserted = await db
    .kysely(em)
    .insertInto(ContractAgreementEntity.meta.tableName)
    .values(resolveEntityTable(db, ContractAgreementEntity).toColumns(row))
    .onConflict((conflict) => conflict.columns(['tenant_id', 'id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return row;
  const found = await existing(db, em, row);
  if (!found) throw problems.conflict(`contract agreement ${JSON.stringify(row.id)} could not be recorded in participant context ${JSON.stringify(tenantId)}; retry`);
  return found;
}

/** The agreement with this id that the participant context holds already: this negotiation's, or a 409. */
async function existing(db: Database, em: EntityManager | undefined, row: ContractAgreementRow): Promise<ContractAgreementRow | null> {
  const found = await db.tenantRepository(ContractAgreementEntity, row.tenantId, em).findOne({ id: row.id });
  if (!found || (found.negotiationId ?? null) === row.negotiationId) return found;
  throw problems.conflict(`contract agreement ${JSON.stringify(row.id)} exists already in participant context ${JSON.stringify(row.tenantId)}`);
}

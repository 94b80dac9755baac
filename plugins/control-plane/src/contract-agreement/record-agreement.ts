import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Agreement } from '@tdss/json-ld';
import { type Database, problems } from '@tdss/sdk';
import { type ContractAgreementRow, ContractAgreementEntity } from './contract-agreement.ts';

/**
 * Stores an agreement of a participant context inside the caller's unit of work. Repeating it for
 * the same negotiation changes nothing, so a retried finalization records the agreement once; the
 * same id from another negotiation is refused with 409.
 */
export async function recordAgreement(
  db: Database,
  em: EntityManager,
  tenantId: string,
  agreement: Agreement,
  negotiationId: string | null,
): Promise<ContractAgreementRow> {
  const repository = db.tenantRepository(ContractAgreementEntity, tenantId, em);
  const existing = await repository.findOne({ id: agreement['@id'] });
  if (existing) {
    if ((existing.negotiationId ?? null) === negotiationId) return existing;
    throw problems.conflict(`contract agreement ${JSON.stringify(agreement['@id'])} exists already in participant context ${JSON.stringify(tenantId)}`);
  }
  const signedAt = new Date(agreement.timestamp ?? Number.NaN);
  if (Number.isNaN(signedAt.getTime())) throw problems.badRequest('the agreement needs a timestamp (xsd:dateTime)');
  return repository.create({
    pk: randomUUID(),
    id: agreement['@id'],
    providerId: agreement.assigner,
    consumerId: agreement.assignee,
    assetId: agreement.target,
    policy: agreement,
    signedAt,
    negotiationId,
    createdAt: new Date(),
  });
}

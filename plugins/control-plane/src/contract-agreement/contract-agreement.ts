/**
 * A contract agreement: the policy a provider and a consumer agreed on for one dataset, as either
 * side keeps it once their negotiation is FINALIZED ("Data is now available to the Consumer").
 * Transfers refer to it by its id.
 */
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { Agreement } from '@tdss/json-ld';

export interface ContractAgreement {
  /** The agreement's `@id`, chosen by the provider. */
  id: string;
  participantContextId: string;
  /** The agreement's `assigner`. */
  providerId: string;
  /** The agreement's `assignee`. */
  consumerId: string;
  /** The agreement's `target`: the dataset, the provider's asset id. */
  assetId: string;
  /** The agreement, compact DSP 2025-1. */
  policy: Agreement;
  /** The agreement's `timestamp`. */
  signedAt: Date;
  /** The negotiation that made it; null for an agreement recorded without one. */
  negotiationId: string | null;
  createdAt: Date;
}

export const ContractAgreementEntity = defineEntity({
  name: 'ControlPlaneContractAgreement',
  tableName: 'cp_contract_agreement',
  properties: {
    pk: p.string().primary(),
    tenantId: p.string(),
    id: p.string(),
    providerId: p.string(),
    consumerId: p.string(),
    assetId: p.string(),
    policy: p.json<Agreement>(),
    signedAt: p.datetime(),
    negotiationId: p.string().nullable(),
    createdAt: p.datetime(),
  },
});

export type ContractAgreementRow = InferEntity<typeof ContractAgreementEntity>;

export function toContractAgreement(row: ContractAgreementRow): ContractAgreement {
  return {
    id: row.id,
    participantContextId: row.tenantId,
    providerId: row.providerId,
    consumerId: row.consumerId,
    assetId: row.assetId,
    policy: row.policy,
    signedAt: row.signedAt,
    negotiationId: row.negotiationId ?? null,
    createdAt: row.createdAt,
  };
}

/** EDC's output shape: `contractSigningDate` in epoch seconds, `createdAt` in epoch milliseconds. */
export function toContractAgreementJson(agreement: ContractAgreement) {
  return {
    '@id': agreement.id,
    '@type': 'ContractAgreement',
    assetId: agreement.assetId,
    providerId: agreement.providerId,
    consumerId: agreement.consumerId,
    contractSigningDate: Math.floor(agreement.signedAt.getTime() / 1000),
    policy: agreement.policy,
    negotiationId: agreement.negotiationId,
    createdAt: agreement.createdAt.getTime(),
  };
}

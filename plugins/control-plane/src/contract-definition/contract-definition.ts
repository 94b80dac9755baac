/**
 * A contract definition: which of a participant context's assets it offers (the assets selector),
 * to whom (the access policy) and on which terms (the contract policy). The catalog offers every
 * asset that matches the selector to a participant that the access policy admits.
 */
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { Criterion } from '../management/criterion.ts';

export interface ContractDefinition {
  id: string;
  participantContextId: string;
  /** The id of a policy definition of the same participant context. */
  accessPolicyId: string;
  /** The id of a policy definition of the same participant context. */
  contractPolicyId: string;
  /** Criteria on assets, all of which must hold; empty selects every asset. */
  assetsSelector: Criterion[];
  privateProperties: Record<string, unknown>;
  createdAt: Date;
}

export interface ContractDefinitionInput {
  /** Generated when absent. */
  id?: string;
  accessPolicyId: string;
  contractPolicyId: string;
  assetsSelector: Criterion[];
  privateProperties: Record<string, unknown>;
}

export const ContractDefinitionEntity = defineEntity({
  name: 'ControlPlaneContractDefinition',
  tableName: 'cp_contract_definition',
  properties: {
    pk: p.string().primary(),
    tenantId: p.string(),
    id: p.string(),
    accessPolicyId: p.string(),
    contractPolicyId: p.string(),
    assetsSelector: p.json<Criterion[]>(),
    privateProperties: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
  },
});

export type ContractDefinitionRow = InferEntity<typeof ContractDefinitionEntity>;

export function toContractDefinition(row: ContractDefinitionRow): ContractDefinition {
  return {
    id: row.id,
    participantContextId: row.tenantId,
    accessPolicyId: row.accessPolicyId,
    contractPolicyId: row.contractPolicyId,
    assetsSelector: row.assetsSelector,
    privateProperties: row.privateProperties,
    createdAt: row.createdAt,
  };
}

/** EDC's output shape: `@id`, `@type` (also on each Criterion), and `createdAt` in epoch milliseconds. */
export function toContractDefinitionJson(definition: ContractDefinition) {
  return {
    '@id': definition.id,
    '@type': 'ContractDefinition',
    accessPolicyId: definition.accessPolicyId,
    contractPolicyId: definition.contractPolicyId,
    assetsSelector: definition.assetsSelector.map((criterion) => ({ '@type': 'Criterion', ...criterion })),
    privateProperties: definition.privateProperties,
    createdAt: definition.createdAt.getTime(),
  };
}

/**
 * A policy definition: a named ODRL policy (an ODRL Set) of a participant context. Contract
 * definitions name two of them: who may see an offer, and its terms. The policy is stored in
 * compact JSON: as given in a plain JSON body, in the DSP 2025-1 ODRL profile's terms from a
 * JSON-LD body.
 */
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export interface PolicyDefinition {
  id: string;
  participantContextId: string;
  /** The ODRL policy in compact JSON (see above). */
  policy: Record<string, unknown>;
  privateProperties: Record<string, unknown>;
  createdAt: Date;
}

export interface PolicyDefinitionInput {
  /** Generated when absent. */
  id?: string;
  policy: Record<string, unknown>;
  privateProperties: Record<string, unknown>;
}

export const PolicyDefinitionEntity = defineEntity({
  name: 'ControlPlanePolicyDefinition',
  tableName: 'cp_policy_definition',
  properties: {
    pk: p.string().primary(),
    tenantId: p.string(),
    id: p.string(),
    policy: p.json<Record<string, unknown>>(),
    privateProperties: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
  },
});

export type PolicyDefinitionRow = InferEntity<typeof PolicyDefinitionEntity>;

export function toPolicyDefinition(row: PolicyDefinitionRow): PolicyDefinition {
  return { id: row.id, participantContextId: row.tenantId, policy: row.policy, privateProperties: row.privateProperties, createdAt: row.createdAt };
}

/** EDC's output shape: `@id`, `@type`, and `createdAt` in epoch milliseconds. */
export function toPolicyDefinitionJson(definition: PolicyDefinition) {
  return {
    '@id': definition.id,
    '@type': 'PolicyDefinition',
    policy: definition.policy,
    privateProperties: definition.privateProperties,
    createdAt: definition.createdAt.getTime(),
  };
}

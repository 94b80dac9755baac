import { type Database, ProblemError } from '@tdss/sdk';
import { ContractDefinitionEntity } from '../contract-definition/contract-definition.ts';
import { createResourceStore } from '../management/create-resource-store.ts';
import type { ResourceStore } from '../management/resource-store.ts';
import { type PolicyDefinition, PolicyDefinitionEntity, type PolicyDefinitionInput, toPolicyDefinition } from './policy-definition.ts';
import { policyDefinitionFields } from './policy-definition-fields.ts';

export type PolicyDefinitionStore = ResourceStore<PolicyDefinition, PolicyDefinitionInput>;

/** How many referring contract definitions a 409 names. */
const NAMED_REFERENCES = 20;

export function createPolicyDefinitions(db: () => Database): PolicyDefinitionStore {
  return createResourceStore({
    db,
    entity: PolicyDefinitionEntity,
    noun: 'policy definition',
    fields: policyDefinitionFields,
    columns: (input: PolicyDefinitionInput) => ({ policy: input.policy, privateProperties: input.privateProperties }),
    toDomain: toPolicyDefinition,
    async checkDelete(em, participantContextId, id) {
      const users = await db()
        .tenantRepository(ContractDefinitionEntity, participantContextId, em)
        .find({ $or: [{ accessPolicyId: id }, { contractPolicyId: id }] }, { limit: NAMED_REFERENCES, orderBy: { id: 'asc' } });
      if (users.total === 0) return;
      const names = users.items.map((definition) => definition.id);
      const more = users.total > names.length ? ` and ${users.total - names.length} more` : '';
      throw new ProblemError(409, `policy definition ${JSON.stringify(id)} is used by contract definitions ${names.map((n) => JSON.stringify(n)).join(', ')}${more}; change or delete them first`, {
        type: 'conflict',
        extensions: { contractDefinitions: names, total: users.total },
      });
    },
  });
}

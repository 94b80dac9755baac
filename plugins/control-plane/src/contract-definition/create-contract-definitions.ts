import type { Database } from '@tdss/sdk';
import { createResourceStore } from '../management/create-resource-store.ts';
import type { ResourceStore } from '../management/resource-store.ts';
import { createValidationIssues } from '../management/validation-issues.ts';
import { PolicyDefinitionEntity } from '../policy-definition/policy-definition.ts';
import { type ContractDefinition, ContractDefinitionEntity, type ContractDefinitionInput, toContractDefinition } from './contract-definition.ts';
import { contractDefinitionFields } from './contract-definition-fields.ts';

export type ContractDefinitionStore = ResourceStore<ContractDefinition, ContractDefinitionInput>;

export function createContractDefinitions(db: () => Database): ContractDefinitionStore {
  return createResourceStore({
    db,
    entity: ContractDefinitionEntity,
    noun: 'contract definition',
    fields: contractDefinitionFields,
    columns: (input: ContractDefinitionInput) => ({
      accessPolicyId: input.accessPolicyId,
      contractPolicyId: input.contractPolicyId,
      assetsSelector: input.assetsSelector,
      privateProperties: input.privateProperties,
    }),
    toDomain: toContractDefinition,
    // Policies are looked up through this participant context's repository: another context's
    // policy of the same id does not exist here.
    async checkWrite(em, participantContextId, input) {
      const wanted = [...new Set([input.accessPolicyId, input.contractPolicyId])];
      const found = await db().tenantRepository(PolicyDefinitionEntity, participantContextId, em).find({ id: { $in: wanted } });
      const existing = new Set(found.items.map((policy) => policy.id));
      const issues = createValidationIssues();
      for (const key of ['accessPolicyId', 'contractPolicyId'] as const) {
        if (!existing.has(input[key])) {
          issues.add(key, `policy definition ${JSON.stringify(input[key])} does not exist in participant context ${JSON.stringify(participantContextId)}; create it first`);
        }
      }
      issues.throwIfAny('contract definition');
    },
  });
}

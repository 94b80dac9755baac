import type Router from '@koa/router';
import { createManagementRoutes } from '../management/management-routes.ts';
import type { ParticipantContexts } from '../tokens.ts';
import { toContractDefinitionJson } from './contract-definition.ts';
import type { ContractDefinitionStore } from './create-contract-definitions.ts';
import { readContractDefinitionInput } from './read-contract-definition-input.ts';

/** `GET` lists filter by `id`, `accessPolicyId`, `contractPolicyId` and any `privateProperties.<key>`. */
export function createContractDefinitionRoutes(contexts: () => ParticipantContexts, definitions: () => ContractDefinitionStore): Router {
  return createManagementRoutes({
    segment: 'contractdefinitions',
    noun: 'contract definition',
    contexts,
    store: definitions,
    readInput: readContractDefinitionInput,
    toJson: toContractDefinitionJson,
    list: { filters: ['id', 'accessPolicyId', 'contractPolicyId'], filterPrefixes: ['privateProperties.'] },
  });
}

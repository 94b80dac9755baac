import type Router from '@koa/router';
import { createManagementRoutes } from '../management/management-routes.ts';
import type { ParticipantContexts } from '../tokens.ts';
import type { PolicyDefinitionStore } from './create-policy-definitions.ts';
import { toPolicyDefinitionJson } from './policy-definition.ts';
import { readPolicyDefinitionInput } from './read-policy-definition-input.ts';

/** `GET` lists filter by `id` and by any `privateProperties.<key>`. */
export function createPolicyDefinitionRoutes(contexts: () => ParticipantContexts, definitions: () => PolicyDefinitionStore): Router {
  return createManagementRoutes({
    segment: 'policydefinitions',
    noun: 'policy definition',
    contexts,
    store: definitions,
    readInput: readPolicyDefinitionInput,
    toJson: toPolicyDefinitionJson,
    list: { filters: ['id'], filterPrefixes: ['privateProperties.'] },
  });
}

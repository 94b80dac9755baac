/**
 * The part of EDC's management API JSON-LD vocabulary that assets, policy definitions, contract
 * definitions and queries use, as a JSON-LD 1.1 context document, registered with @tdss/json-ld
 * under the URLs EDC clients put in `@context`.
 *
 * Written for TDSS from the vocabulary EDC documents for its management API (Eclipse EDC
 * Connector, `extensions/common/json-ld/src/main/resources/document/management-context-v1.jsonld`
 * and `management-context-v2.jsonld`, read in the Connector repository in 2025). It is not a copy:
 * it holds only the terms these APIs read, all at the top level as in v1 (v2 moves them into
 * type-scoped contexts, which would drop them from bodies without `@type`), and it reads the
 * policy of a policy definition with the DSP 2025-1 ODRL profile (v2 imports that profile into
 * PolicyDefinition; v1 imported W3C's ODRL context), which is the profile TDSS's policy engine
 * reads. Both URLs name this one document.
 */
import { defaultContextRegistry, DSP_2025_1_ODRL_PROFILE } from '@tdss/json-ld';

export const EDC_NAMESPACE = 'https://w3id.org/edc/v0.0.1/ns/';

export const EDC_MANAGEMENT_CONTEXT_URLS = [
  'https://w3id.org/edc/connector/management/v0.0.1',
  'https://w3id.org/edc/connector/management/v2',
] as const;

const freeForm = (id: string) => ({ '@id': id, '@context': { '@vocab': EDC_NAMESPACE } });
const set = (id: string) => ({ '@id': id, '@container': '@set' });
const policy = { '@id': 'edc:policy', '@context': DSP_2025_1_ODRL_PROFILE };

export const EDC_MANAGEMENT_CONTEXT = {
  '@context': {
    '@version': 1.1,
    edc: EDC_NAMESPACE,
    Asset: 'edc:Asset',
    DataAddress: { '@id': 'edc:DataAddress', '@context': { '@vocab': EDC_NAMESPACE, type: 'edc:type' } },
    PolicyDefinition: 'edc:PolicyDefinition',
    ContractDefinition: 'edc:ContractDefinition',
    Criterion: 'edc:Criterion',
    QuerySpec: 'edc:QuerySpec',
    IdResponse: 'edc:IdResponse',
    properties: freeForm('edc:properties'),
    privateProperties: freeForm('edc:privateProperties'),
    dataAddress: freeForm('edc:dataAddress'),
    policy,
    createdAt: 'edc:createdAt',
    accessPolicyId: 'edc:accessPolicyId',
    contractPolicyId: 'edc:contractPolicyId',
    assetsSelector: set('edc:assetsSelector'),
    operandLeft: 'edc:operandLeft',
    operator: 'edc:operator',
    operandRight: 'edc:operandRight',
    offset: 'edc:offset',
    limit: 'edc:limit',
    sortOrder: 'edc:sortOrder',
    sortField: 'edc:sortField',
    filterExpression: set('edc:filterExpression'),
  },
} as const;

/**
 * What an expanded body is compacted with: the EDC vocabulary as bare names, IRIs of other
 * vocabularies in full, lists that EDC declares as sets kept as arrays, and the policy in the
 * DSP ODRL profile's terms (`permission`, `action: "use"`, `operator: "eq"`).
 */
export const EDC_COMPACTION_CONTEXT = {
  '@vocab': EDC_NAMESPACE,
  assetsSelector: set(`${EDC_NAMESPACE}assetsSelector`),
  filterExpression: set(`${EDC_NAMESPACE}filterExpression`),
  policy: { '@id': `${EDC_NAMESPACE}policy`, '@context': DSP_2025_1_ODRL_PROFILE },
};

/**
 * Registers the document under both URLs in @tdss/json-ld's process-wide registry. Repeating it is
 * harmless; a different document already registered under one of the URLs fails (at start-up,
 * since the plugin calls this in register).
 */
export function registerEdcManagementContext(): void {
  for (const url of EDC_MANAGEMENT_CONTEXT_URLS) defaultContextRegistry().register(url, EDC_MANAGEMENT_CONTEXT);
}

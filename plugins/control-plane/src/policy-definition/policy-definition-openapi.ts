import { createManagementOpenApi } from '../management/management-openapi.ts';
import { OPERATORS } from '@tdss/policy-engine';

const policy = {
  type: 'object',
  additionalProperties: true,
  description: `An ODRL Set in compact JSON, stored as given in plain JSON and in the DSP 2025-1 ODRL profile's terms from JSON-LD: permission, prohibition and obligation lists of rules, each with an action and optional constraints (leftOperand, operator: ${OPERATORS.join(' ')}, rightOperand; or and/or/xone/andSequence lists), as the DSP 2025-1 ODRL profile defines them and @tdss/policy-engine reads them. Terms may be bare, odrl: prefixed or ODRL IRIs.`,
  example: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] }] },
};
const privateProperties = { type: 'object', additionalProperties: true, description: 'Never shown to other participants.' };

export const policyDefinitionOpenApi = createManagementOpenApi({
  segment: 'policydefinitions',
  tag: { name: 'policy definitions', description: 'Named ODRL policies of a participant context (EDC PolicyDefinition).' },
  noun: 'policy definition',
  schema: 'PolicyDefinition',
  inputSchema: 'PolicyDefinitionInput',
  schemas: {
    PolicyDefinition: {
      type: 'object',
      required: ['@id', '@type', 'policy', 'privateProperties', 'createdAt'],
      properties: {
        '@id': { type: 'string' },
        '@type': { type: 'string', enum: ['PolicyDefinition'] },
        policy,
        privateProperties,
        createdAt: { type: 'integer', description: 'Epoch milliseconds, as EDC gives it.' },
      },
    },
    PolicyDefinitionInput: {
      type: 'object',
      required: ['policy'],
      description: 'Plain JSON, or JSON-LD with the EDC management context.',
      properties: {
        '@context': {},
        '@id': { type: 'string', maxLength: 255, description: 'Generated when absent; `id` is accepted too.' },
        '@type': { type: 'string', enum: ['PolicyDefinition'] },
        policy,
        privateProperties,
      },
    },
  },
  filters: [
    { name: 'id', description: 'Only the policy definition with this id' },
    { name: 'privateProperties.<key>', description: 'Only policy definitions whose private property <key> has this value' },
  ],
  deleteConflict: 'Contract definitions use it; the problem lists them in contractDefinitions',
});

import { createManagementOpenApi } from '../management/management-openapi.ts';

const members = {
  accessPolicyId: { type: 'string', description: 'A policy definition of this participant context: who may see the offers.' },
  contractPolicyId: { type: 'string', description: 'A policy definition of this participant context: the terms of the offers.' },
  assetsSelector: { type: 'array', items: { $ref: '#/components/schemas/Criterion' }, description: 'Criteria on assets (as in asset queries), all of which must hold; empty selects every asset.' },
  privateProperties: { type: 'object', additionalProperties: true, description: 'Never shown to other participants.' },
};

export const contractDefinitionOpenApi = createManagementOpenApi({
  segment: 'contractdefinitions',
  tag: { name: 'contract definitions', description: 'Which assets a participant context offers, to whom and on which terms (EDC ContractDefinition).' },
  noun: 'contract definition',
  schema: 'ContractDefinition',
  inputSchema: 'ContractDefinitionInput',
  schemas: {
    ContractDefinition: {
      type: 'object',
      required: ['@id', '@type', 'accessPolicyId', 'contractPolicyId', 'assetsSelector', 'privateProperties', 'createdAt'],
      properties: {
        '@id': { type: 'string' },
        '@type': { type: 'string', enum: ['ContractDefinition'] },
        ...members,
        createdAt: { type: 'integer', description: 'Epoch milliseconds, as EDC gives it.' },
      },
    },
    ContractDefinitionInput: {
      type: 'object',
      required: ['accessPolicyId', 'contractPolicyId'],
      description: 'Plain JSON, or JSON-LD with the EDC management context.',
      properties: {
        '@context': {},
        '@id': { type: 'string', maxLength: 255, description: 'Generated when absent; `id` is accepted too.' },
        '@type': { type: 'string', enum: ['ContractDefinition'] },
        ...members,
      },
    },
  },
  filters: [
    { name: 'id', description: 'Only the contract definition with this id' },
    { name: 'accessPolicyId', description: 'Only contract definitions with this access policy' },
    { name: 'contractPolicyId', description: 'Only contract definitions with this contract policy' },
    { name: 'privateProperties.<key>', description: 'Only contract definitions whose private property <key> has this value' },
  ],
  writeRefusal: 'a policy id that names no policy definition of this participant context',
});

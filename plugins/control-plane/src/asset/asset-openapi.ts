import { createManagementOpenApi } from '../management/management-openapi.ts';

const freeForm = (description: string) => ({ type: 'object', additionalProperties: true, description });
const dataAddress = {
  type: 'object',
  required: ['type'],
  additionalProperties: true,
  description: 'Where a data plane finds the data, e.g. { "type": "HttpData", "baseUrl": "https://..." }. Secrets are named (secretName), never given.',
  properties: { '@type': { type: 'string', enum: ['DataAddress'] }, type: { type: 'string' } },
};
const members = {
  properties: freeForm('Public description (name, description, contenttype, ...); keys of the EDC vocabulary are stored bare.'),
  privateProperties: freeForm('Never shown to other participants.'),
  dataAddress,
};

export const assetOpenApi = createManagementOpenApi({
  segment: 'assets',
  tag: { name: 'assets', description: "A participant context's data offerings (EDC Asset)." },
  noun: 'asset',
  schema: 'Asset',
  inputSchema: 'AssetInput',
  schemas: {
    Asset: {
      type: 'object',
      required: ['@id', '@type', 'properties', 'privateProperties', 'dataAddress', 'createdAt'],
      properties: {
        '@id': { type: 'string' },
        '@type': { type: 'string', enum: ['Asset'] },
        ...members,
        createdAt: { type: 'integer', description: 'Epoch milliseconds, as EDC gives it.' },
      },
    },
    AssetInput: {
      type: 'object',
      required: ['dataAddress'],
      description: 'Plain JSON, or JSON-LD with the EDC management context (`@vocab`, `edc:` names or full IRIs).',
      properties: {
        '@context': {},
        '@id': { type: 'string', maxLength: 255, description: 'Generated when absent; `id` is accepted too.' },
        '@type': { type: 'string', enum: ['Asset'] },
        ...members,
      },
    },
  },
  filters: [
    { name: 'id', description: 'Only the asset with this id' },
    { name: 'properties.<key>', description: 'Only assets whose property <key> has this value (any number of them)' },
    { name: 'privateProperties.<key>', description: 'Only assets whose private property <key> has this value' },
  ],
});

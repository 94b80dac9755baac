import { type OpenApiFragment, problemResponse } from '@tdss/sdk';
import { AGREEMENTS_SEGMENT } from './contract-agreement-routes.ts';
import { AGREEMENT_FILTERS } from './create-contract-agreements.ts';

const participant = { name: 'participantContextId', in: 'path', required: true, schema: { type: 'string' } };
const tags = ['contract agreements'];
const base = `/v1/participants/{participantContextId}/${AGREEMENTS_SEGMENT}`;

export const contractAgreementOpenApi: OpenApiFragment = {
  tags: [{ name: 'contract agreements', description: 'Agreements of finalized contract negotiations: what transfers refer to.' }],
  components: {
    schemas: {
      ContractAgreement: {
        type: 'object',
        required: ['@id', '@type', 'assetId', 'providerId', 'consumerId', 'contractSigningDate', 'policy', 'createdAt'],
        properties: {
          '@id': { type: 'string', description: "The agreement's id, chosen by the provider." },
          '@type': { type: 'string', enum: ['ContractAgreement'] },
          assetId: { type: 'string', description: 'The dataset the agreement is for.' },
          providerId: { type: 'string', description: "The provider's participant id (the agreement's assigner)." },
          consumerId: { type: 'string', description: "The consumer's participant id (the agreement's assignee)." },
          contractSigningDate: { type: 'integer', description: "The agreement's timestamp, in epoch seconds." },
          policy: { type: 'object', description: 'The Agreement in compact DSP 2025-1 JSON-LD.' },
          negotiationId: { type: ['string', 'null'], description: 'The negotiation that made it; null when it was recorded without one.' },
          createdAt: { type: 'integer', description: 'When this side recorded it, in epoch milliseconds.' },
        },
      },
    },
  },
  paths: {
    [base]: {
      get: {
        tags,
        summary: 'List contract agreements (oldest first)',
        parameters: [
          participant,
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
          ...AGREEMENT_FILTERS.map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
        ],
        responses: {
          '200': {
            description: 'A page; the total is in X-Total-Count, further pages in Link',
            headers: { 'X-Total-Count': { schema: { type: 'integer' } }, Link: { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/ContractAgreement' } } } },
          },
          '400': problemResponse('Invalid query'),
          '404': problemResponse('No such participant context'),
        },
      },
    },
    [`${base}/{id}`]: {
      get: {
        tags,
        summary: 'Get a contract agreement',
        parameters: [participant, { name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'The agreement', content: { 'application/json': { schema: { $ref: '#/components/schemas/ContractAgreement' } } } },
          '404': problemResponse('No such participant context, or no such agreement in it'),
        },
      },
    },
  },
};

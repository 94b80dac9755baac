/** OpenAPI of the management API's catalog requests to counterparties (the DSP routes need none). */
import { type OpenApiFragment, problemResponse } from '@tdss/sdk';
import { CRITERION_SCHEMA, QUERY_SPEC_SCHEMA } from '../management/management-openapi.ts';
import { DSP_PROTOCOL } from './read-counterparty-request.ts';

const body = (ref: string) => ({
  required: true,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } }, 'application/ld+json': { schema: { $ref: `#/components/schemas/${ref}` } } },
});
const participant = { name: 'participantContextId', in: 'path', required: true, schema: { type: 'string' } };
const tags = ['catalog'];
const counterparty = {
  '@context': {},
  counterpartyAddress: { type: 'string', format: 'uri', description: "The counterparty's DSP 2025-1 base URL, e.g. https://provider.example/protocol/acme/2025-1." },
  counterpartyId: { type: 'string', description: "The counterparty's participant id (its DID under DCP): the audience of our token." },
  protocol: { type: 'string', enum: [DSP_PROTOCOL], description: 'Optional; the only protocol spoken.' },
};
const failures = {
  '400': problemResponse('Invalid request'),
  '404': problemResponse('No such participant context'),
  '409': problemResponse('The participant context is deactivated'),
  '502': problemResponse('The counterparty answered an error (counterpartyStatus, counterpartyCode, counterpartyReason), something that is not DSP, or could not be reached'),
  '503': problemResponse('This runtime has no DspIdentityService (add @tdss/identity-hub or @tdss/identity-dev)'),
  '504': problemResponse('The counterparty did not answer in time (catalog.requestTimeoutMs)'),
};
const dspDocument = (what: string) => ({
  type: 'object',
  additionalProperties: true,
  description: `The counterparty's ${what} in compact DSP 2025-1 JSON-LD (https://w3id.org/dspace/2025/1/catalog/${what.toLowerCase()}-schema.json).`,
});

export const catalogOpenApi: OpenApiFragment = {
  tags: [{ name: 'catalog', description: "Catalogs and datasets of counterparties, asked for over DSP in the participant context's name." }],
  components: {
    schemas: {
      Criterion: CRITERION_SCHEMA,
      QuerySpec: QUERY_SPEC_SCHEMA,
      CatalogRequest: {
        type: 'object',
        required: ['counterpartyAddress', 'counterpartyId'],
        description: "EDC's CatalogRequest. querySpec.offset/limit become the provider's offset/limit query parameters (TDSS providers page by them); querySpec.filterExpression becomes the CatalogRequestMessage filter (EDC Criterion objects on id and public asset properties, which TDSS providers apply). Sorting is the provider's.",
        properties: {
          ...counterparty,
          '@type': { type: 'string', enum: ['CatalogRequest'] },
          querySpec: { $ref: '#/components/schemas/QuerySpec' },
          filter: { type: 'array', description: 'Sent verbatim as the CatalogRequestMessage filter, for providers with filters of their own; not together with querySpec.filterExpression.' },
        },
      },
      DatasetRequest: {
        type: 'object',
        required: ['counterpartyAddress', 'counterpartyId'],
        description: "EDC's DatasetRequest: the dataset is named by datasetId, or by @id as EDC does.",
        properties: { ...counterparty, '@type': { type: 'string', enum: ['DatasetRequest'] }, '@id': { type: 'string' }, datasetId: { type: 'string' } },
      },
      DspCatalog: dspDocument('Catalog'),
      DspDataset: dspDocument('Dataset'),
    },
  },
  paths: {
    '/v1/participants/{participantContextId}/catalog/request': {
      post: {
        tags,
        summary: "Ask a counterparty for (a page of) its catalog",
        parameters: [participant],
        requestBody: body('CatalogRequest'),
        responses: {
          '200': {
            description: "The counterparty's Catalog; its page links (DSP Link header), if any, verbatim in X-Counterparty-Link",
            headers: { 'X-Counterparty-Link': { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/DspCatalog' } } },
          },
          ...failures,
        },
      },
    },
    '/v1/participants/{participantContextId}/catalog/dataset/request': {
      post: {
        tags,
        summary: 'Ask a counterparty for one dataset of its catalog',
        parameters: [participant],
        requestBody: body('DatasetRequest'),
        responses: { '200': { description: "The counterparty's Dataset", content: { 'application/json': { schema: { $ref: '#/components/schemas/DspDataset' } } } }, ...failures },
      },
    },
  },
};

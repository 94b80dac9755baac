import { type OpenApiFragment, problemResponse } from '@tdss/sdk';

const context = { content: { 'application/json': { schema: { $ref: '#/components/schemas/ParticipantContext' } } } };
const id = { name: 'participantContextId', in: 'path', required: true, schema: { type: 'string' } };
const stateChange = (verb: string) => ({
  tags: ['participant contexts'],
  summary: `${verb[0]!.toUpperCase()}${verb.slice(1)} a participant context`,
  parameters: [id],
  responses: { '200': { description: 'The participant context', ...context }, '404': problemResponse('No such participant context') },
});

export const participantContextOpenApi: OpenApiFragment = {
  tags: [{ name: 'participant contexts', description: "A tenant's identity in one dataspace; everything else belongs to one." }],
  components: {
    schemas: {
      ParticipantContext: {
        type: 'object',
        required: ['id', 'participantId', 'state', 'properties', 'createdAt', 'updatedAt'],
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' },
          participantId: { type: 'string', description: 'The participant id in the dataspace, e.g. a DID.' },
          state: { type: 'string', enum: ['ACTIVATED', 'DEACTIVATED'] },
          properties: { type: 'object', additionalProperties: true },
          createdAt: { type: 'string', format: 'date-time' },
          updatedAt: { type: 'string', format: 'date-time' },
        },
      },
      NewParticipantContext: {
        type: 'object',
        required: ['participantId'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$', description: 'Generated when absent.' },
          participantId: { type: 'string', minLength: 1, maxLength: 1024 },
          properties: { type: 'object', additionalProperties: true },
        },
      },
    },
  },
  paths: {
    '/v1/participants': {
      post: {
        tags: ['participant contexts'],
        summary: 'Create a participant context (ACTIVATED)',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewParticipantContext' } } } },
        responses: { '201': { description: 'Created', ...context }, '400': problemResponse('Invalid input'), '409': problemResponse('The id is taken') },
      },
      get: {
        tags: ['participant contexts'],
        summary: 'List participant contexts',
        parameters: [
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
          { name: 'state', in: 'query', schema: { type: 'string', enum: ['ACTIVATED', 'DEACTIVATED'] } },
          { name: 'participantId', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'A page of participant contexts; the total is in X-Total-Count, further pages in Link',
            headers: { 'X-Total-Count': { schema: { type: 'integer' } }, Link: { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/ParticipantContext' } } } },
          },
          '400': problemResponse('Invalid query'),
        },
      },
    },
    '/v1/participants/{participantContextId}': {
      get: {
        tags: ['participant contexts'],
        summary: 'Get a participant context',
        parameters: [id],
        responses: { '200': { description: 'The participant context', ...context }, '404': problemResponse('No such participant context') },
      },
      delete: {
        tags: ['participant contexts'],
        summary: 'Delete a deactivated participant context',
        parameters: [id],
        responses: { '204': { description: 'Deleted' }, '404': problemResponse('No such participant context'), '409': problemResponse('Still activated') },
      },
    },
    '/v1/participants/{participantContextId}/deactivate': { post: stateChange('deactivate') },
    '/v1/participants/{participantContextId}/activate': { post: stateChange('activate') },
  },
};

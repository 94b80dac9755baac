import { type OpenApiFragment, problemResponse } from '@tdss/sdk';

const tenant = { name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } };
const problem = problemResponse('Problem');
const greeting = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Greeting' } } } };

export const greetingOpenApi: OpenApiFragment = {
  tags: [{ name: 'greetings', description: 'Example plugin: greetings per tenant' }],
  components: {
    schemas: {
      Greeting: {
        type: 'object',
        required: ['id', 'tenantId', 'name', 'message', 'createdAt'],
        properties: {
          id: { type: 'string' },
          tenantId: { type: 'string' },
          name: { type: 'string' },
          message: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
  paths: {
    '/v1/tenants/{tenantId}/greetings': {
      post: {
        tags: ['greetings'],
        summary: 'Greet someone',
        parameters: [tenant],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } } },
        responses: { '201': { description: 'Created', ...greeting }, '400': problem },
      },
      get: {
        tags: ['greetings'],
        summary: 'List greetings',
        parameters: [
          tenant,
          { name: 'name', in: 'query', schema: { type: 'string' } },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
        ],
        responses: {
          '200': {
            description: 'A page of greetings; the total is in X-Total-Count, further pages in Link',
            headers: { 'X-Total-Count': { schema: { type: 'integer' } }, Link: { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Greeting' } } } },
          },
          '400': problem,
        },
      },
    },
    '/v1/tenants/{tenantId}/greetings/{id}': {
      get: {
        tags: ['greetings'],
        summary: 'Get a greeting',
        parameters: [tenant, { name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'The greeting', ...greeting }, '404': problem },
      },
    },
  },
};

import { type OpenApiFragment, problemResponse } from '@tdss/sdk';

export const tenantTokenOpenApi: OpenApiFragment = {
  tags: [{ name: 'tenant tokens', description: 'Short-lived management tokens scoped to one tenant, minted by the operator for the tenant\'s API client.' }],
  paths: {
    '/v1/tenants/{tenantId}/tokens': {
      post: {
        tags: ['tenant tokens'],
        summary: 'Mint a token scoped to this tenant (operator only)',
        parameters: [{ name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  ttlSeconds: { type: 'integer', minimum: 1, description: 'Lifetime; the setting tenantTokens.defaultTtlSeconds when absent, at most tenantTokens.maxTtlSeconds.' },
                  roles: { type: 'array', minItems: 1, items: { type: 'string', enum: ['operator', 'viewer'] }, description: 'Roles within the tenant; `[operator]` when absent.' },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The token (shown once; not stored)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['tenantId', 'roles', 'tokenType', 'token', 'expiresIn', 'expiresAt'],
                  properties: {
                    tenantId: { type: 'string' },
                    roles: { type: 'array', items: { type: 'string' } },
                    tokenType: { type: 'string', const: 'Bearer' },
                    token: { type: 'string' },
                    expiresIn: { type: 'integer' },
                    expiresAt: { type: 'string', format: 'date-time' },
                  },
                },
              },
            },
          },
          '400': problemResponse('A bad ttlSeconds or roles'),
          '401': problemResponse('No valid management credentials'),
          '403': problemResponse('Not the operator (a viewer, or credentials scoped to a tenant)'),
          '404': problemResponse('No such tenant, or it is terminated'),
        },
      },
    },
  },
};

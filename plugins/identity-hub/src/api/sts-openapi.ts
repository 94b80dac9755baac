/** OpenAPI 3.1 fragments of the HTTP STS (protocol context) and of its client secrets (identity API). */
import { type OpenApiFragment, problemResponse } from '@tdss/sdk';
import { participantIdParameter } from './openapi-parts.ts';

const TAG = 'STS';
const participantId = participantIdParameter('The participant context id, which is also its STS client id.');

export const stsManagementOpenApi: OpenApiFragment = {
  tags: [{ name: TAG, description: 'Client secrets of the HTTP STS (identity hub); a secret is never answered.' }],
  paths: {
    '/v1/participants/{participantId}/sts/client-secret': {
      put: {
        tags: [TAG],
        summary: 'Set or replace the STS client secret of a participant',
        parameters: [participantId],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['clientSecret'], additionalProperties: false, properties: { clientSecret: { type: 'string', minLength: 8, maxLength: 1024 } } },
            },
          },
        },
        responses: { '204': { description: 'Set; only a digest is kept.' }, '400': problemResponse('Invalid participant id or secret.') },
      },
      delete: {
        tags: [TAG],
        summary: 'Remove the STS client secret of a participant',
        parameters: [participantId],
        responses: { '204': { description: 'Removed: the participant gets no more tokens over HTTP.' }, '404': problemResponse('The participant has no client secret.') },
      },
    },
  },
};

export const stsTokenOpenApi: OpenApiFragment = {
  tags: [{ name: TAG, description: 'The HTTP STS: self-issued ID tokens for STS clients outside the runtime (DCP STS API).' }],
  paths: {
    '/sts/token': {
      post: {
        tags: [TAG],
        summary: 'Get a self-issued ID token (OAuth 2 client credentials grant)',
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['grant_type', 'client_id', 'client_secret', 'audience'],
                properties: {
                  grant_type: { const: 'client_credentials' },
                  client_id: { type: 'string', description: 'The participant context id.' },
                  client_secret: { type: 'string' },
                  audience: { type: 'string', description: 'The DID the token is for (`aud`).' },
                  bearer_access_scope: { type: 'string', description: 'Space-separated scopes the access token in `token` grants the audience.' },
                  token: { type: 'string', description: 'An access token to carry in `token` instead.' },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The self-issued ID token.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['access_token', 'token_type', 'expires_in'],
                  properties: { access_token: { type: 'string' }, token_type: { const: 'Bearer' }, expires_in: { type: 'integer' } },
                },
              },
            },
          },
          '400': problemResponse('A missing or invalid parameter.'),
          '401': problemResponse('Unknown client or wrong secret.'),
          '409': problemResponse('The participant has no DID or no active key.'),
          '415': problemResponse('Not a form body.'),
        },
      },
    },
  },
};

import { type OpenApiFragment, problemResponse } from '@tdss/sdk';
import { PULL_PATH } from './settings.ts';

const tags = ['http data plane'];

export const pullOpenApi: OpenApiFragment = {
  tags: [{ name: 'http data plane', description: 'Consumer pull of HTTP data plane flows, with the bearer token of the data address.' }],
  paths: {
    [`${PULL_PATH}/flows/{flowId}`]: {
      get: {
        tags,
        summary: 'The data of a flow, streamed from its source (Range supported)',
        parameters: [
          { name: 'flowId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'range', in: 'header', schema: { type: 'string' }, description: 'One byte range, e.g. bytes=0-1023' },
        ],
        security: [{ bearer: [] }],
        responses: {
          '200': { description: 'The whole object', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
          '206': { description: 'The requested range (Content-Range)' },
          '401': problemResponse('No token, or a forged, expired or replaced one'),
          '403': problemResponse('Another transfer\'s token, or the flow is not STARTED'),
          '416': { description: 'The range is not satisfiable' },
          '502': problemResponse('The source cannot be read'),
        },
      },
    },
    [`${PULL_PATH}/token`]: {
      post: {
        tags,
        summary: 'Renew the access token (OAuth 2 refresh_token grant, token renewal profile)',
        parameters: [
          { name: 'grant_type', in: 'query', required: true, schema: { type: 'string', enum: ['refresh_token'] } },
          { name: 'refresh_token', in: 'query', required: true, schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'A new access token',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['access_token', 'token_type', 'expires_in', 'refresh_token'],
                  properties: { access_token: { type: 'string' }, token_type: { type: 'string' }, expires_in: { type: 'integer' }, refresh_token: { type: 'string' } },
                },
              },
            },
          },
          '400': problemResponse('Another grant type'),
          '401': problemResponse('Not a valid refresh token'),
          '403': problemResponse('The flow is not STARTED'),
        },
      },
    },
  },
};

/** OpenAPI of the pull endpoints on the `public` context. */
import { type OpenApiFragment, problemResponse } from '@tdss/sdk';
import { PULL_PATH } from './settings.ts';

const tags = ['dataplane-opcua'];
const parameters = [{ name: 'flowId', in: 'path', required: true, schema: { type: 'string' }, description: 'The data flow (the provider transfer process id).' }];
const security = [{ flowToken: [] }];
const refused = {
  '401': problemResponse('No token, a forged or expired one, or one from before the last suspend or resume'),
  '403': problemResponse('Another transfer\'s token, or the flow is not STARTED'),
  '502': problemResponse('The OPC UA server cannot be reached'),
};

export const pullOpenApi: OpenApiFragment = {
  tags: [{ name: 'dataplane-opcua', description: 'OPC UA data plane: consumer pull of node values and data changes.' }],
  components: {
    securitySchemes: { flowToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access token of the pull data address.' } },
    schemas: {
      OpcUaNodeValue: {
        type: 'object',
        required: ['nodeId', 'value', 'dataType', 'arrayType', 'sourceTimestamp', 'serverTimestamp', 'statusCode'],
        properties: {
          nodeId: { type: 'string' },
          value: { description: 'The value in JSON: dates ISO 8601, bytes base64, 64-bit integers as decimal strings.' },
          dataType: { type: 'string', description: 'OPC UA built-in type (Int32, Double, String, ...).' },
          arrayType: { type: 'string', enum: ['Scalar', 'Array', 'Matrix'] },
          sourceTimestamp: { type: ['string', 'null'], format: 'date-time' },
          serverTimestamp: { type: ['string', 'null'], format: 'date-time' },
          statusCode: { type: 'object', properties: { value: { type: 'integer' }, name: { type: 'string' } } },
          sequence: { type: 'integer', description: 'Data changes only: 1, 2, ... in the order the server published them.' },
        },
      },
    },
  },
  paths: {
    [`${PULL_PATH}/flows/{flowId}/values`]: {
      get: {
        tags,
        summary: 'The current values of the asset\'s nodes, read from the OPC UA server',
        parameters,
        security,
        responses: {
          '200': { description: 'The values', content: { 'application/json': { schema: { type: 'object', properties: { values: { type: 'array', items: { $ref: '#/components/schemas/OpcUaNodeValue' } } } } } } },
          ...refused,
        },
      },
    },
    [`${PULL_PATH}/flows/{flowId}/stream`]: {
      get: {
        tags,
        summary: 'The data changes of the asset\'s nodes while the flow is STARTED (Server-Sent Events, or NDJSON)',
        parameters,
        security,
        responses: {
          '200': {
            description: 'SSE: `event: change` (id: sequence, data: OpcUaNodeValue) and a last `event: end` ({ reason }). NDJSON: one OpcUaNodeValue a line, then `{ "end": { reason } }`.',
            content: { 'text/event-stream': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { $ref: '#/components/schemas/OpcUaNodeValue' } } },
          },
          ...refused,
        },
      },
    },
  },
};

import { DataPlaneRegistrationMessage } from '@tdss/dataplane-sdk';
import { type OpenApiFragment, problemResponse } from '@tdss/sdk';
import { DATA_PLANES_PATH, PARTICIPANT_DATA_PLANES_PATH } from './data-plane-routes.ts';

const tags = ['data planes'];
const json = (ref: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const participant = { name: 'participantContextId', in: 'path', required: true, schema: { type: 'string' } };
const dataplaneId = { name: 'dataplaneId', in: 'path', required: true, schema: { type: 'string' } };
const page = [
  { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 } },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 } },
  { name: 'profile', in: 'query', schema: { type: 'string' }, description: 'Only data planes serving this transfer profile.' },
];

const operations = (scope: string, parameters: object[]) => ({
  put: {
    tags,
    summary: `Register or replace a data plane ${scope} (DPS DataPlaneRegistrationMessage)`,
    parameters,
    requestBody: { required: true, ...json('DataPlaneRegistrationMessage') },
    responses: {
      '200': { description: 'The registration', ...json('DataPlane') },
      '400': problemResponse('Not a valid DataPlaneRegistrationMessage'),
      '404': problemResponse('No such participant context'),
      '409': problemResponse('The id belongs to another scope or to a data plane of this runtime'),
    },
  },
  get: {
    tags,
    summary: `List the data planes ${scope}`,
    parameters: [...parameters, ...page],
    responses: {
      '200': { description: 'A page of data planes (X-Total-Count, Link)', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/DataPlane' } } } } },
      '400': problemResponse('Bad page parameters'),
      '404': problemResponse('No such participant context'),
    },
  },
});

const deletion = (scope: string, parameters: object[]) => ({
  delete: {
    tags,
    summary: `Remove a data plane registered ${scope}`,
    parameters: [...parameters, dataplaneId],
    responses: { '204': { description: 'Removed' }, '404': problemResponse('Not registered in this scope') },
  },
});

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

export const dataPlaneOpenApi: OpenApiFragment = {
  tags: [{ name: 'data planes', description: 'Data Plane Signaling: the data planes transfers are signalled to.' }],
  components: {
    schemas: {
      DataPlaneRegistrationMessage: DataPlaneRegistrationMessage as unknown as Record<string, unknown>,
      DataPlane: {
        type: 'object',
        required: ['id', 'endpoint', 'profiles', 'labels', 'local'],
        properties: {
          id: { type: 'string' },
          participantContextId: { type: 'string', description: 'Absent: serves every participant context.' },
          endpoint: { type: 'string', description: 'Its signaling API; `in-process` for a data plane of this runtime.' },
          profiles: { type: 'array', items: { type: 'string' } },
          labels: { type: 'array', items: { type: 'string' } },
          local: { type: 'boolean' },
        },
      },
    },
  },
  paths: {
    [DATA_PLANES_PATH]: operations('for every participant context', []),
    [`${DATA_PLANES_PATH}/{dataplaneId}`]: deletion('for every participant context', []),
    [openApiPath(PARTICIPANT_DATA_PLANES_PATH)]: operations('for one participant context', [participant]),
    [`${openApiPath(PARTICIPANT_DATA_PLANES_PATH)}/{dataplaneId}`]: deletion('for one participant context', [participant]),
  },
};

import { type OpenApiFragment, problemResponse } from '@tdss/sdk';
import { TENANT_STATES } from './tenant.ts';
import { TenantSettings } from './tenant-settings.ts';

const tenant = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Tenant' } } } });
const id = { name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } };
const tags = ['tenants'];
const security = [{ operatorToken: [] }];
const common = { '401': problemResponse('No valid management credentials (with @tdss/management-auth: the operator token, an OIDC access token or a tenant token)') };
const body = (schema: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } });
const stateChange = (summary: string) => ({
  tags,
  security,
  summary,
  parameters: [id],
  responses: { '202': tenant('The tenant, its workflow started (or under way or done already)'), ...common, '404': problemResponse('No such tenant'), '409': problemResponse('Not possible in the tenant\'s state') },
});

const step = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    activity: { type: 'string' },
    state: { type: 'string', enum: ['WAITING', 'RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED', 'COMPENSATING', 'COMPENSATED', 'COMPENSATION_FAILED'] },
    attempts: { type: 'integer' },
    error: { type: ['string', 'null'] },
    output: { description: 'What the step made, e.g. the infrastructure step\'s ProvisionedInfrastructure (resources, dataPlanes).' },
    startedAt: { type: ['string', 'null'], format: 'date-time' },
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
    compensatedAt: { type: ['string', 'null'], format: 'date-time' },
  },
};

export const tenantOpenApi: OpenApiFragment = {
  tags: [{ name: 'tenants', description: 'Tenants the operator provisions: identity, participant context and secrets, made and removed by workflows.' }],
  components: {
    securitySchemes: { operatorToken: { type: 'http', scheme: 'bearer', description: 'Management credentials checked by @tdss/management-auth: the operator token (TDSS_ADMIN_TOKEN), an OIDC access token or a minted tenant token.' } },
    schemas: {
      TenantSettings: TenantSettings,
      Tenant: {
        type: 'object',
        required: ['id', 'name', 'state', 'settings', 'createdAt', 'updatedAt'],
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$' },
          name: { type: 'string' },
          state: { type: 'string', enum: [...TENANT_STATES] },
          settings: { $ref: '#/components/schemas/TenantSettings' },
          did: { type: ['string', 'null'], description: 'The tenant\'s did:web, once provisioned.' },
          error: { type: ['string', 'null'], description: 'Why the last workflow (provisioning, re-provisioning, suspension, resumption, termination) failed.' },
          orchestrationId: { type: ['string', 'null'] },
          createdAt: { type: 'string', format: 'date-time' },
          updatedAt: { type: 'string', format: 'date-time' },
        },
      },
      TenantDetails: {
        allOf: [
          { $ref: '#/components/schemas/Tenant' },
          {
            type: 'object',
            properties: {
              orchestration: {
                type: ['object', 'null'],
                description: 'The provisioning or termination workflow, with each step\'s status and error.',
                properties: { id: { type: 'string' }, name: { type: 'string' }, state: { type: 'string' }, error: { type: ['string', 'null'] }, steps: { type: 'array', items: step } },
              },
            },
          },
        ],
      },
      NewTenant: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$', description: 'Generated when absent; names the participant context and ends the DID.' },
          name: { type: 'string', minLength: 1, maxLength: 200, description: 'Unique.' },
          settings: { $ref: '#/components/schemas/TenantSettings' },
        },
      },
      TenantChanges: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, settings: { $ref: '#/components/schemas/TenantSettings' } },
      },
    },
  },
  paths: {
    '/v1/tenants': {
      post: {
        tags,
        security,
        summary: 'Create a tenant (PROVISIONING; ACTIVE once its provisioning workflow completes, FAILED if it fails)',
        requestBody: body('NewTenant'),
        responses: { '201': tenant('Created, provisioning'), '400': problemResponse('Invalid input'), ...common, '409': problemResponse('The id or name is taken') },
      },
      get: {
        tags,
        security,
        summary: 'List tenants (oldest first)',
        parameters: [
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
          { name: 'state', in: 'query', schema: { type: 'string', enum: [...TENANT_STATES] } },
          { name: 'name', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'A page of tenants; the total is in X-Total-Count, further pages in Link',
            headers: { 'X-Total-Count': { schema: { type: 'integer' } }, Link: { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Tenant' } } } },
          },
          '400': problemResponse('Invalid query'),
          ...common,
        },
      },
    },
    '/v1/tenants/{tenantId}': {
      get: {
        tags,
        security,
        summary: 'Get a tenant with its workflow\'s steps',
        parameters: [id],
        responses: {
          '200': { description: 'The tenant', content: { 'application/json': { schema: { $ref: '#/components/schemas/TenantDetails' } } } },
          ...common,
          '404': problemResponse('No such tenant'),
        },
      },
      patch: {
        tags,
        security,
        summary: 'Change a tenant\'s name or settings; a change of settings.dataspaces or settings.infrastructure re-provisions it (PROVISIONING, then ACTIVE or FAILED)',
        parameters: [id],
        requestBody: body('TenantChanges'),
        responses: { '200': tenant('The tenant'), '400': problemResponse('Invalid input'), ...common, '404': problemResponse('No such tenant'), '409': problemResponse('Name taken, terminating, or a re-provisioning change while not ACTIVE') },
      },
      delete: {
        tags,
        security,
        summary: 'Terminate a tenant (TERMINATING, then TERMINATED once its termination workflow completes)',
        parameters: [id],
        responses: { '202': tenant('Terminating'), ...common, '404': problemResponse('No such tenant'), '409': problemResponse('Still provisioning') },
      },
    },
    '/v1/tenants/{tenantId}/suspend': {
      post: stateChange('Suspend an ACTIVE tenant (SUSPENDING, then SUSPENDED): DSP endpoints closed, management API read-only, running transfers suspended, workloads stopped'),
    },
    '/v1/tenants/{tenantId}/resume': {
      post: stateChange('Resume a SUSPENDED tenant (RESUMING, then ACTIVE): workloads started, participant context activated, the transfers its suspension suspended resumed'),
    },
  },
};

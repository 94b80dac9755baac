/**
 * The observability context's own endpoints: liveness and readiness probes and the Prometheus
 * scrape. They answer in every runtime state, so they are documented and mounted here rather
 * than contributed through HttpRoutes.
 */
import Router from '@koa/router';
import { type Health, type HttpRoutes, type Metrics, PROBLEM_SCHEMA_REF, type RuntimeInfo, type RuntimeState } from '@tdss/sdk';

/** States in which the process still serves and should not be restarted by its supervisor. */
const LIVE_STATES: ReadonlySet<RuntimeState> = new Set(['created', 'starting', 'running']);

export interface ObservabilityDeps {
  runtime: RuntimeInfo;
  health: Health;
  metrics: Metrics;
}

export function createObservabilityRoutes(deps: ObservabilityDeps): HttpRoutes {
  const router = new Router();
  router.get('/health/live', (ctx) => {
    const live = LIVE_STATES.has(deps.runtime.state);
    ctx.status = live ? 200 : 503;
    ctx.body = { live, state: deps.runtime.state };
  });
  router.get('/health/ready', async (ctx) => {
    const readiness = await deps.health.readiness();
    ctx.status = readiness.ready ? 200 : 503;
    ctx.body = readiness;
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = deps.metrics.contentType;
    ctx.body = await deps.metrics.metrics();
  });
  return { context: 'observability', router, openapi: OBSERVABILITY_OPENAPI };
}

const json = (schema: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } });

const OBSERVABILITY_OPENAPI = {
  tags: [{ name: 'observability', description: 'Probes and metrics of this runtime.' }],
  paths: {
    '/health/live': {
      get: {
        tags: ['observability'],
        summary: 'Liveness: whether the process still serves.',
        operationId: 'getLiveness',
        responses: {
          '200': { description: 'The runtime is created, starting or running.', content: json('Liveness') },
          '503': { description: 'The runtime is stopping, stopped or failed.', content: json('Liveness') },
        },
      },
    },
    '/health/ready': {
      get: {
        tags: ['observability'],
        summary: 'Readiness: the runtime is running and every health check passes.',
        operationId: 'getReadiness',
        responses: {
          '200': { description: 'Ready to serve API requests.', content: json('Readiness') },
          '503': { description: 'Not ready; the body says which checks fail.', content: json('Readiness') },
        },
      },
    },
    '/metrics': {
      get: {
        tags: ['observability'],
        summary: 'Metrics in the Prometheus text exposition format.',
        operationId: 'getMetrics',
        responses: {
          '200': { description: 'Every metric of the runtime registry.', content: { 'text/plain': { schema: { type: 'string' } } } },
          '500': { description: 'A metric collector failed.', content: { 'application/problem+json': { schema: { $ref: PROBLEM_SCHEMA_REF } } } },
        },
      },
    },
  },
  components: {
    schemas: {
      Liveness: {
        type: 'object',
        required: ['live', 'state'],
        properties: { live: { type: 'boolean' }, state: { $ref: '#/components/schemas/RuntimeState' } },
      },
      Readiness: {
        type: 'object',
        required: ['ready', 'state', 'checks'],
        properties: {
          ready: { type: 'boolean' },
          state: { $ref: '#/components/schemas/RuntimeState' },
          checks: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'healthy'],
              properties: { name: { type: 'string' }, healthy: { type: 'boolean' }, detail: { type: 'string' } },
            },
          },
        },
      },
      RuntimeState: { type: 'string', enum: ['created', 'starting', 'running', 'stopping', 'stopped', 'failed'] },
    },
  },
};

/**
 * The plugin's HTTP API, mounted in the management context: greetings kept per tenant, so one
 * tenant never sees another's.
 */
import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import { type Database, problems, readPageQuery, requestPath, sendPage } from '@tdss/sdk';
import { GreetingEntity } from './greeting-entity.ts';

export interface GreetingSettings {
  greeting: string;
  maxNameLength: number;
}

export function createGreetingRoutes(db: () => Database, settings: GreetingSettings): Router {
  const router = new Router();
  const repository = (tenantId: string) => db().tenantRepository(GreetingEntity, tenantId);

  router.post('/v1/tenants/:tenantId/greetings', async (ctx) => {
    const name = (ctx.request as unknown as { body?: { name?: unknown } }).body?.name;
    if (typeof name !== 'string' || name.trim() === '') throw problems.badRequest('body.name must be a non-empty string');
    if (name.length > settings.maxNameLength) {
      throw problems.badRequest(`body.name is ${name.length} characters long; this runtime allows ${settings.maxNameLength}`);
    }
    const greeting = await repository(ctx.params.tenantId!).create({
      id: randomUUID(),
      name,
      message: `${settings.greeting}, ${name}!`,
      createdAt: new Date(),
    });
    ctx.status = 201;
    ctx.set('location', `${requestPath(ctx)}/${greeting.id}`);
    ctx.body = greeting;
  });

  router.get('/v1/tenants/:tenantId/greetings', async (ctx) => {
    const { offset, limit, filters } = readPageQuery(ctx.query, { filters: ['name'] });
    const page = await repository(ctx.params.tenantId!).find(filters, { offset, limit, orderBy: { createdAt: 'asc' } });
    sendPage(ctx, page);
  });

  router.get('/v1/tenants/:tenantId/greetings/:id', async (ctx) => {
    ctx.body = await repository(ctx.params.tenantId!).getById(ctx.params.id!);
  });

  return router;
}

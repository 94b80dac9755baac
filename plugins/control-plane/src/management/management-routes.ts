/**
 * The routes every management resource of a participant context has, shaped after EDC's
 * management API v3: create, list (`GET` with filters, or `POST .../request` with a QuerySpec),
 * read, replace (`PUT .../{id}`, or EDC's `PUT` on the collection with `@id` in the body) and
 * delete. The participant context comes first: an unknown one is a 404 whatever else is wrong.
 */
import Router from '@koa/router';
import { readJsonBody, requestPath, sendPage, tenantScoped } from '@tdss/sdk';
import type { Context } from 'koa';
import { PARTICIPANTS_PATH } from '../participant-context/participant-context-routes.ts';
import type { ParticipantContexts } from '../tokens.ts';
import { type ListParameters, readListQuery, readQuerySpec } from './management-query.ts';
import { readJsonLdBody } from './read-json-ld-body.ts';
import { refuseWritesWhenSuspended } from './refuse-writes-when-suspended.ts';
import type { ResourceStore } from './resource-store.ts';
import { createValidationIssues } from './validation-issues.ts';

export interface ManagementRoutesOptions<T extends { id: string }, I extends { id?: string }> {
  /** The path segment below the participant context, e.g. `assets`. */
  segment: string;
  /** In messages, e.g. `asset`. */
  noun: string;
  contexts: () => ParticipantContexts;
  store: () => ResourceStore<T, I>;
  /** Validates a request body (JSON-LD already compacted); throws a 400 problem naming every invalid member. */
  readInput(body: unknown): I;
  toJson(item: T): Record<string, unknown>;
  list: ListParameters;
}

export function managementPath(segment: string): string {
  return `${PARTICIPANTS_PATH}/:participantContextId/${segment}`;
}

export function createManagementRoutes<T extends { id: string }, I extends { id?: string }>(options: ManagementRoutesOptions<T, I>): Router {
  const { noun, store, toJson } = options;
  const router = new Router({ prefix: managementPath(options.segment) });
  // A tenant-scoped principal reaches these routes for its own participant context only.
  router.use(tenantScoped('participantContextId'));
  router.use(refuseWritesWhenSuspended(options.contexts));
  const participant = async (ctx: Context) => (await options.contexts().get(ctx.params.participantContextId!)).id;
  const readInput = async (ctx: Context) => options.readInput(await readJsonLdBody(readJsonBody(ctx)));

  router.post('/', async (ctx) => {
    const participantContextId = await participant(ctx);
    const item = await store().create(participantContextId, await readInput(ctx));
    ctx.status = 201;
    ctx.set('location', `${requestPath(ctx).replace(/\/$/, '')}/${encodeURIComponent(item.id)}`);
    ctx.body = toJson(item);
  });

  router.get('/', async (ctx) => {
    const participantContextId = await participant(ctx);
    const page = await store().query(participantContextId, readListQuery(ctx.query, options.list));
    sendPage(ctx, page, page.items.map(toJson));
  });

  // EDC's query endpoint. The page parameters are in the body, so there are no Link headers.
  router.post('/request', async (ctx) => {
    const participantContextId = await participant(ctx);
    const body = ctx.request.length || ctx.get('transfer-encoding') ? await readJsonLdBody(readJsonBody(ctx)) : undefined;
    const page = await store().query(participantContextId, readQuerySpec(body, store().fields));
    ctx.set('x-total-count', String(page.total));
    ctx.body = page.items.map(toJson);
  });

  router.get('/:id', async (ctx) => {
    ctx.body = toJson(await store().get(await participant(ctx), ctx.params.id!));
  });

  const replace = async (ctx: Context, pathId: string | undefined) => {
    const participantContextId = await participant(ctx);
    const input = await readInput(ctx);
    const issues = createValidationIssues();
    if (pathId === undefined && input.id === undefined) issues.add('@id', `required, to name the ${noun} to replace`);
    if (pathId !== undefined && input.id !== undefined && input.id !== pathId) {
      issues.add('@id', `${JSON.stringify(input.id)} differs from the id in the path, ${JSON.stringify(pathId)}; ids never change`);
    }
    issues.throwIfAny(noun);
    ctx.body = toJson(await store().update(participantContextId, (pathId ?? input.id)!, input));
  };
  router.put('/', (ctx) => replace(ctx, undefined));
  router.put('/:id', (ctx) => replace(ctx, ctx.params.id!));

  router.delete('/:id', async (ctx) => {
    await store().delete(await participant(ctx), ctx.params.id!);
    ctx.status = 204;
  });

  return router;
}

/**
 * A data plane as its own small service, outside a TDSS runtime: one node:http server with JSON
 * bodies parsed (other bodies left to stream) and every error answered as RFC 9457 problem+json.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import { ProblemError } from '@tdss/sdk';
import Koa, { type Context, type Next } from 'koa';

export interface ServeDataPlaneOptions {
  /** Routers and the path each is mounted at, e.g. `{ path: '/signaling', router: dataPlane.router }`. */
  routes: ReadonlyArray<{ path: string; router: Router }>;
  /** 0 (any free port) unless given. */
  port?: number;
  host?: string;
}

export interface ServedDataPlane {
  /** http://host:port, without a trailing slash. */
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function serveDataPlane(options: ServeDataPlaneOptions): Promise<ServedDataPlane> {
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new ProblemError(404, `no route for ${ctx.method} ${ctx.path}`, { type: 'not-found' });
    } catch (error) {
      const problem = error instanceof ProblemError ? error : new ProblemError(500, 'the data plane failed to handle the request', { type: 'internal' });
      if (!(error instanceof ProblemError)) ctx.app.emit('error', error, ctx);
      if (ctx.headerSent) return;
      ctx.status = problem.status;
      ctx.type = 'application/problem+json';
      ctx.body = JSON.stringify(problem.toProblem(ctx.path));
    }
  });
  app.silent = true;
  app.use(jsonBodies);
  const root = new Router();
  for (const { path, router } of options.routes) root.use(path.replace(/\/+$/, '') || '/', router.routes(), router.allowedMethods());
  app.use(root.routes());
  const server = createServer(app.callback());
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** DPS messages are small; anything larger is not one. */
const MAX_JSON_BYTES = 1024 * 1024;

/** Parses JSON bodies (application/json, application/*+json) as the TDSS HTTP plugin does; any other body stays unread for its route. */
async function jsonBodies(ctx: Context, next: Next): Promise<void> {
  const type = ctx.get('content-type').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_JSON_BYTES) throw new ProblemError(413, `a JSON body may have at most ${MAX_JSON_BYTES} bytes`, { type: 'content-too-large' });
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.length > 0) {
      try {
        (ctx.request as { body?: unknown }).body = JSON.parse(text) as unknown;
      } catch {
        throw new ProblemError(400, 'the body is not valid JSON', { type: 'bad-request' });
      }
    }
  }
  await next();
}

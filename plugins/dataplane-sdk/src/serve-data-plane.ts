/**
 * A data plane as its own small service, outside a TDSS runtime: one node:http server with JSON
 * bodies parsed (other bodies left to stream) and every error answered as RFC 9457 problem+json.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { ProblemError } from '@tdss/sdk';
import Koa from 'koa';

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
  app.use(bodyParser({ enableTypes: ['json'], extendTypes: { json: ['application/json', 'application/problem+json'] } }));
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

/** Serves a context's merged OpenAPI document at `/openapi.json` of the context. */
import Router from '@koa/router';
import type { OpenApiDocument } from './build-openapi-document.ts';

export const OPENAPI_PATH = '/openapi.json';

export function createOpenApiRouter(document: OpenApiDocument, serverUrl: () => string): Router {
  const router = new Router();
  router.get(OPENAPI_PATH, (ctx) => {
    // An empty relative base (the root context without a port) is spelled `/` in OpenAPI.
    ctx.body = { ...document, servers: [{ url: serverUrl() || '/' }] };
  });
  return router;
}

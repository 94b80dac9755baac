/**
 * The HTTP service: named API contexts, each a path on a port, to which plugins contribute
 * routers. The HTTP plugin turns every error into RFC 9457 problem+json.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Router from '@koa/router';
import { createExtensionPoint, createServiceToken } from '../token.ts';

/** The contexts every runtime knows; a profile may add more. */
export const API_CONTEXTS = ['management', 'protocol', 'signaling', 'public', 'identity', 'observability'] as const;
export type ApiContextName = (typeof API_CONTEXTS)[number];

/** A fragment of an OpenAPI 3.1 document: the paths (relative to the context) and components it adds. */
export interface OpenApiFragment {
  paths: Record<string, unknown>;
  components?: Record<string, Record<string, unknown>>;
  tags?: Array<{ name: string; description?: string }>;
}

export interface HttpRoutes {
  /** The API context the routes are mounted in, e.g. `management`. */
  context: ApiContextName | (string & {});
  /** Paths in this router are relative to the context path. */
  router: Router;
  /** Served, merged with the other contributions, at `<context>/openapi.json`. */
  openapi?: OpenApiFragment;
}

export const HttpRoutes = createExtensionPoint<HttpRoutes>('tdss.HttpRoutes', {
  description: 'Routers that plugins mount in an API context (management, protocol, ...).',
});

export interface HttpServer {
  /** One node:http listener that serves every context by path, for hosts that embed TDSS. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** The absolute base URL of a context as clients reach it (e.g. http://127.0.0.1:8080/management). */
  url(context: string): string;
}

export const HttpServer = createServiceToken<HttpServer>('tdss.HttpServer', {
  description: 'HTTP API contexts on koa, with request ids, body limits and problem+json errors.',
  providedBy: ['@tdss/http'],
});

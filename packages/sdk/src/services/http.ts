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

/**
 * Where the HTTP plugin puts the RFC 9457 problem schema in every context's OpenAPI document;
 * fragments reference it for their error responses.
 */
export const PROBLEM_SCHEMA_REF = '#/components/schemas/Problem';

/** An OpenAPI response that is an RFC 9457 problem, for the error statuses of an operation. */
export function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: { $ref: PROBLEM_SCHEMA_REF } } } };
}

/**
 * A fragment of an OpenAPI 3.1 document: the paths (relative to the context) and components it
 * adds. The same path and method in two fragments of one context, or one component name with two
 * different definitions, fails start-up.
 */
export interface OpenApiFragment {
  paths: Record<string, unknown>;
  components?: Record<string, Record<string, unknown>>;
  tags?: Array<{ name: string; description?: string }>;
}

export interface HttpRoutes {
  /** The API context the routes are mounted in, e.g. `management`. */
  context: ApiContextName | (string & {});
  /**
   * Paths in this router are relative to the context path. JSON bodies (application/json and
   * application/*+json) arrive parsed in `ctx.request.body`; any other body is left unread in
   * `ctx.req` for the route to stream. Throw ProblemError for client errors.
   */
  router: Router;
  /** Served, merged with the other contributions, at `<context>/openapi.json`. */
  openapi?: OpenApiFragment;
}

export const HttpRoutes = createExtensionPoint<HttpRoutes>('tdss.HttpRoutes', {
  description: 'Routers that plugins mount in an API context (management, protocol, ...).',
});

export interface HttpServer {
  /**
   * One node:http listener that serves every context by path, ignoring ports, for hosts that
   * embed TDSS. A host that mounts it under its own prefix strips that prefix before calling it.
   */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * The base URL of a context as clients reach it, without a trailing slash: the context's
   * `publicUrl` when set, else its bound address (e.g. http://127.0.0.1:8080/management, with the
   * real port when it was ephemeral); a relative path (e.g. `/management`, or `` for the root)
   * when the plugin opens no port. Throws for a context the runtime does not know.
   */
  url(context: string): string;
}

export const HttpServer = createServiceToken<HttpServer>('tdss.HttpServer', {
  description: 'HTTP API contexts on koa, with request ids, body limits and problem+json errors.',
  providedBy: ['@tdss/http'],
});

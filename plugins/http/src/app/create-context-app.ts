/**
 * One koa application per API context, and one for requests no context takes. Every one of them
 * gives the request an id, observes it and answers errors as problem+json; a context app then
 * gates on readiness, strips its path, authorizes (management), parses JSON and runs its routers.
 */
import type Router from '@koa/router';
import type { Logger, ManagementAccess, RuntimeInfo } from '@tdss/sdk';
import Koa from 'koa';
import { authorizeManagement } from '../access/authorize-management.ts';
import type { HttpMetrics } from '../metrics/create-http-metrics.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { methodNotAllowed } from '../middleware/method-not-allowed.ts';
import { type ObservedContext, observeRequest } from '../middleware/observe-request.ts';
import { readinessGate } from '../middleware/readiness-gate.ts';
import { renderProblems } from '../middleware/render-problems.ts';
import { requestScope } from '../middleware/request-scope.ts';
import { stripContextPath } from '../middleware/strip-context-path.ts';
import type { ResolvedContext } from '../settings/resolve-contexts.ts';

export interface AppDeps {
  logger: Logger;
  metrics: HttpMetrics;
  runtime: RuntimeInfo;
}

export interface ContextAppInput {
  context: ResolvedContext;
  /** Mounted in order; the built-in ones come first. */
  routers: readonly Router[];
  /** Whether requests wait for the runtime to be running (all but observability). */
  gated: boolean;
  /** Authenticates and authorizes every request before its body is read (the management context). */
  access?: ManagementAccess;
}

export function createContextApp(input: ContextAppInput, deps: AppDeps): Koa {
  const app = baseApp(input.context, deps);
  if (input.gated) app.use(readinessGate(deps.runtime));
  app.use(stripContextPath(input.context.path));
  if (input.access) app.use(authorizeManagement(input.access, input.routers));
  app.use(jsonBody(input.context.maxBodyBytes));
  for (const router of input.routers) app.use(router.routes());
  app.use(methodNotAllowed());
  return app;
}

/** Answers 404 problems for paths that no context on the listener covers. */
export function createFallbackApp(deps: AppDeps): Koa {
  return baseApp({ name: 'none', path: '' }, deps);
}

function baseApp(context: ObservedContext, deps: AppDeps): Koa {
  const app = new Koa();
  app.on('error', (error: unknown) => deps.logger.warn({ err: error, context: context.name }, 'error after the response began'));
  app.use(requestScope());
  app.use(observeRequest(context, deps.logger, deps.metrics));
  app.use(renderProblems(deps.logger));
  return app;
}

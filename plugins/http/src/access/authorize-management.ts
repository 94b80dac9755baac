/**
 * Authentication and authorization of the management context, before any body is parsed or
 * router runs: the ManagementAccess provider turns the Authorization header into a principal
 * (on ctx.state for the routes); a viewer may only read; a tenant-scoped principal reaches only
 * the routes that declare tenant scoping, for its own tenant. The context's OpenAPI document
 * stays public: it describes the API, it holds no data.
 */
import type Router from '@koa/router';
import { hasRole, type ManagementAccess, notYours, problems, roleFor, setPrincipal } from '@tdss/sdk';
import type { Middleware } from 'koa';
import { OPENAPI_PATH } from '../openapi/openapi-router.ts';
import { decideTenantScope } from './tenant-scope-decision.ts';

export function authorizeManagement(access: ManagementAccess, routers: readonly Router[]): Middleware {
  return async (ctx, next) => {
    if (ctx.path === OPENAPI_PATH && (ctx.method === 'GET' || ctx.method === 'HEAD')) return next();
    const principal = await access.authenticate(ctx.get('authorization') || undefined);
    setPrincipal(ctx, principal);
    if (principal.tenant !== undefined) {
      const decision = decideTenantScope(routers, ctx.path, ctx.method, principal.tenant);
      if (decision === 'not-found') throw notYours();
      if (decision === 'forbidden') throw problems.forbidden(`${ctx.method} ${ctx.path} is not open to credentials scoped to a tenant`);
    }
    const needed = roleFor(ctx.method);
    if (!hasRole(principal, needed)) {
      throw problems.forbidden(
        principal.roles.length === 0
          ? 'the credentials grant no management role (operator or viewer)'
          : `${ctx.method} needs the management role ${needed}; these credentials grant ${principal.roles.join(', ')}`,
      );
    }
    await next();
  };
}

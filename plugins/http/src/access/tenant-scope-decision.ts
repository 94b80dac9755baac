/**
 * Where a tenant-scoped principal may go, decided before any router runs: only to routes that
 * declare `tenantScoped()` (route middleware or a `router.use(path, ...)` subtree), and only with
 * its own tenant in the declared parameter. The routers are asked which of their layers the
 * request would run, exactly as koa-router dispatches it: the first router with a matching route.
 */
import type Router from '@koa/router';
import { tenantScopeOf } from '@tdss/sdk';

/**
 * `allow`: a declared route of the principal's own tenant; `not-found`: the path names another
 * tenant (its objects do not exist for this principal); `forbidden`: no declaration covers the
 * route or the method; `unrouted`: no route takes the request, which ends in 404 or 405 anyway.
 */
export type TenantScopeDecision = 'allow' | 'not-found' | 'forbidden' | 'unrouted';

export function decideTenantScope(routers: readonly Router[], path: string, method: string, tenant: string): TenantScopeDecision {
  for (const router of routers) {
    const matched = router.match(path, method);
    if (!matched.route) continue;
    let allowed = false;
    // Every layer on the path counts, whatever its method: another tenant's id anywhere is a 404.
    for (const layer of matched.path) {
      for (const fn of layer.stack) {
        const scope = tenantScopeOf(fn);
        if (!scope) continue;
        if (scope.param !== undefined && layer.params(path, layer.captures(path), {})[scope.param] !== tenant) return 'not-found';
        if (matched.pathAndMethod.includes(layer) && (!scope.methods || scope.methods.includes(method))) allowed = true;
      }
    }
    return allowed ? 'allow' : 'forbidden';
  }
  return 'unrouted';
}

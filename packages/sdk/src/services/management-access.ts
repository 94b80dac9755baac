/**
 * Who may use the management API. A ManagementAccess provider turns a request's credentials into a
 * Principal; the HTTP plugin authenticates every request of the management context with it and
 * authorizes by role and tenant scope before any router runs. A tenant-scoped principal is denied
 * by default: it reaches only routes that declare `tenantScoped()`, and only for its own tenant.
 */
import type { Context, Middleware } from 'koa';
import { ProblemError, problems } from '../errors.ts';
import { createServiceToken } from '../token.ts';

/** `operator` may do anything; `viewer` may only read (GET, HEAD). */
export const MANAGEMENT_ROLES = ['operator', 'viewer'] as const;
export type ManagementRole = (typeof MANAGEMENT_ROLES)[number];

/** How a principal proved who it is. */
export type AuthenticationMethod = 'admin-token' | 'oidc' | 'tenant-token';

export interface Principal {
  /** Who: the token's `sub`, or `operator` for the bootstrap token. */
  readonly subject: string;
  /** Management roles the credentials grant; empty when they grant none (every request is then 403). */
  readonly roles: readonly ManagementRole[];
  /** When set, the principal acts for this tenant (= participant context id) only. */
  readonly tenant?: string;
  readonly method: AuthenticationMethod;
}

export interface ManagementAccess {
  /**
   * The principal behind an `Authorization` header value (undefined when the request had none).
   * Anything that does not authenticate throws a 401 ProblemError whose `headers` carry
   * `WWW-Authenticate`; its detail never echoes the credentials.
   */
  authenticate(authorization: string | undefined): Promise<Principal>;
}

export const ManagementAccess = createServiceToken<ManagementAccess>('tdss.ManagementAccess', {
  description: 'Authenticates management API requests (operator token, OpenID Connect, tenant tokens) to a principal with roles and a tenant scope.',
  providedBy: ['@tdss/management-auth'],
});

/** A 401 problem with the `WWW-Authenticate` challenge the HTTP plugin sends along. */
export function unauthenticated(detail: string, challenge = 'Bearer realm="tdss-management"'): ProblemError {
  return Object.assign(problems.unauthorized(detail), { headers: { 'www-authenticate': challenge } });
}

const PRINCIPAL = 'principal';

/** The authenticated principal of a management request; undefined in a runtime without ManagementAccess. */
export function principalOf(ctx: Pick<Context, 'state'>): Principal | undefined {
  return (ctx.state as Record<string, unknown>)[PRINCIPAL] as Principal | undefined;
}

export function setPrincipal(ctx: Pick<Context, 'state'>, principal: Principal): void {
  (ctx.state as Record<string, unknown>)[PRINCIPAL] = principal;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The least role a request method needs: reads need `viewer`, everything else `operator`. */
export function roleFor(method: string): ManagementRole {
  return READ_METHODS.has(method.toUpperCase()) ? 'viewer' : 'operator';
}

/** Whether the principal holds the role; `operator` includes `viewer`. */
export function hasRole(principal: Principal, role: ManagementRole): boolean {
  return principal.roles.includes('operator') || principal.roles.includes(role);
}

/**
 * Throws 403 unless the request's principal holds the role. A route calls it where its need is
 * stricter than its method (the HTTP plugin already checks `roleFor(method)`), or for an
 * operator-only action; without a principal (no ManagementAccess in the runtime) it passes.
 */
export function requireRole(ctx: Pick<Context, 'state'>, role: ManagementRole): void {
  const principal = principalOf(ctx);
  if (principal && !hasRole(principal, role)) throw problems.forbidden(`this request needs the management role ${role}`);
}

/** Throws 403 for a tenant-scoped principal: for actions only the operator's side may take. */
export function requireUnscoped(ctx: Pick<Context, 'state'>): void {
  if (principalOf(ctx)?.tenant !== undefined) throw problems.forbidden('this request is not open to tenant-scoped credentials');
}

/** The tenant a request is restricted to (a list shows that tenant's items only), or undefined. */
export function scopedTenant(ctx: Pick<Context, 'state'>): string | undefined {
  return principalOf(ctx)?.tenant;
}

export interface TenantScope {
  /** The route parameter holding the tenant (participant context) id; none for a list that narrows itself with scopedTenant(). */
  readonly param?: string;
  /** Methods open to tenant-scoped principals (upper case); all when absent. */
  readonly methods?: readonly string[];
}

const TENANT_SCOPE = Symbol.for('tdss.tenantScope');

/**
 * Declares that tenant-scoped principals may reach the routes this middleware guards (route-level,
 * or `router.use(path, ...)` for a subtree), for their own tenant only. The HTTP plugin reads the
 * declaration before any router runs; the middleware checks again where it runs.
 */
export function tenantScoped(param?: string, options: { methods?: readonly string[] } = {}): Middleware {
  const scope: TenantScope = {
    ...(param === undefined ? {} : { param }),
    ...(options.methods ? { methods: options.methods.map((m) => m.toUpperCase()) } : {}),
  };
  const middleware: Middleware = (ctx, next) => {
    const tenant = scopedTenant(ctx);
    if (tenant !== undefined) {
      const params = (ctx as unknown as { params?: Record<string, string> }).params ?? {};
      if (scope.param !== undefined && params[scope.param] !== tenant) throw notYours();
      if (scope.methods && !scope.methods.includes(ctx.method)) throw problems.forbidden('this request is not open to tenant-scoped credentials');
    }
    return next();
  };
  return Object.assign(middleware, { [TENANT_SCOPE]: scope });
}

/** The declaration a tenantScoped() middleware carries, or undefined for any other function. */
export function tenantScopeOf(fn: unknown): TenantScope | undefined {
  return typeof fn === 'function' ? ((fn as unknown as Record<symbol, TenantScope | undefined>)[TENANT_SCOPE]) : undefined;
}

/** Another tenant's object does not exist as far as a tenant-scoped principal can tell. */
export function notYours(): ProblemError {
  return problems.notFound('no such resource');
}

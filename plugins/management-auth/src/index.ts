/**
 * @tdss/management-auth: who may use the management API. Provides ManagementAccess, which the
 * HTTP plugin asks for every management request: the bootstrap operator token, OpenID Connect
 * access tokens (operators and viewers, optionally scoped to a tenant), and tenant-scoped tokens
 * this plugin mints itself (POST /v1/tenants/{id}/tokens) for runtimes without an IdP.
 */
import { definePlugin, HttpRoutes, ManagementAccess, type RuntimeInfo, SecretStore, TdssError } from '@tdss/sdk';
import { TenantLookup } from '@tdss/tenant-manager';
import { createManagementAccess } from './access/create-management-access.ts';
import { resolveOidc } from './oidc/resolve-oidc.ts';
import { PLUGIN_NAME } from './plugin-name.ts';
import { ManagementAuthSettings } from './settings.ts';
import { loadTenantTokenKey } from './tenant-tokens/tenant-token-key.ts';
import { tenantTokenOpenApi } from './tenant-tokens/tenant-token-openapi.ts';
import { createTenantTokenRoutes } from './tenant-tokens/tenant-token-routes.ts';
import { createTenantTokens } from './tenant-tokens/tenant-tokens.ts';

export { ManagementAuthSettings } from './settings.ts';
export { TENANT_TOKEN_AUDIENCE, TENANT_TOKEN_ISSUER } from './tenant-tokens/tenant-tokens.ts';

/** What start() fills in for the services register() built; per runtime, as one plugin object serves them all. */
interface Loaded {
  key?: Uint8Array;
  tenants?: TenantLookup;
}
const loaded = new WeakMap<RuntimeInfo, Loaded>();

export default definePlugin({
  name: PLUGIN_NAME,
  version: '0.1.0',
  description: 'Operator and tenant access to the management API: operator token, OpenID Connect access tokens, minted tenant tokens.',
  settings: ManagementAuthSettings,
  provides: [ManagementAccess],
  requires: [SecretStore],
  contributes: [HttpRoutes],
  register(ctx) {
    const { tenantTokens: limits } = ctx.settings;
    if (limits.defaultTtlSeconds > limits.maxTtlSeconds) {
      throw new TdssError(`tenantTokens.defaultTtlSeconds (${limits.defaultTtlSeconds}) exceeds tenantTokens.maxTtlSeconds (${limits.maxTtlSeconds})`, {
        code: 'MANAGEMENT_AUTH_TTL',
        plugin: PLUGIN_NAME,
        hint: 'lower the default or raise the maximum',
      });
    }
    const state: Loaded = {};
    loaded.set(ctx.runtime, state);
    const onReject = (reason: string) => ctx.logger.info({ reason }, 'management credentials refused');
    const tenants = () => state.tenants;
    const tenantTokens = createTenantTokens(() => state.key!, tenants, onReject);
    ctx.provide(
      ManagementAccess,
      createManagementAccess({
        ...(ctx.settings.adminToken === undefined ? {} : { adminToken: ctx.settings.adminToken }),
        ...withOidc(resolveOidc(ctx.settings.oidc, onReject)),
        tenantTokens,
      }),
    );
    ctx.contribute(HttpRoutes, { context: 'management', router: createTenantTokenRoutes(() => tenantTokens, tenants, limits), openapi: tenantTokenOpenApi });
  },
  async start(ctx) {
    const state = loaded.get(ctx.runtime)!;
    state.key = await loadTenantTokenKey(ctx.get(SecretStore));
    state.tenants = ctx.contributions(TenantLookup)[0];
    const ways = [
      ...(ctx.settings.adminToken === undefined ? [] : ['operator token']),
      ...(ctx.settings.oidc.issuer === undefined ? [] : [`OpenID Connect (${ctx.settings.oidc.issuer})`]),
    ];
    if (ways.length === 0) {
      ctx.logger.warn('no way into the management API: every request is refused until TDSS_ADMIN_TOKEN (adminToken) or oidc.issuer and oidc.audience are set');
    } else {
      ctx.logger.info({ ways, tenantTokens: state.tenants !== undefined }, 'management API authenticated');
    }
  },
});

function withOidc<T>(verifier: T | undefined): { oidc?: T } {
  return verifier === undefined ? {} : { oidc: verifier };
}

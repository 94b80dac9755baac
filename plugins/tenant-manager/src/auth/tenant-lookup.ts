/**
 * A read-only view of tenants for plugins that authorize by tenant (@tdss/management-auth checks
 * that a tenant exists before it mints a token for it, and that it is not terminated when the
 * token comes back). An extension point rather than a service: its readers authenticate requests
 * for the HTTP plugin and so start before it, while this plugin starts after it.
 */
import { createExtensionPoint } from '@tdss/sdk';
import type { TenantState } from '../tenant/tenant.ts';

export interface TenantLookup {
  /** The tenant's id and state, or undefined when there is no such tenant. */
  find(tenantId: string): Promise<{ id: string; state: TenantState } | undefined>;
}

export const TenantLookup = createExtensionPoint<TenantLookup>('tdss.TenantLookup', {
  description: 'Whether a tenant exists and in which state (contributed by @tdss/tenant-manager).',
});

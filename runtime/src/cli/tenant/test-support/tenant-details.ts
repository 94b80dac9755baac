/** The tenant document the CLI's tenant tests script their API with. Not part of the build. */
import type { StepJson, TenantDetailsJson } from '../tenant-json.ts';

/** Tenant `acme` in `state`, its provisioning orchestration running with `steps`. */
export const tenantDetails = (state: string, steps: StepJson[] = []): TenantDetailsJson => ({
  id: 'acme',
  name: 'Acme',
  state,
  settings: {},
  did: null,
  error: null,
  orchestrationId: 'provision:acme',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  orchestration: { id: 'provision:acme', name: 'provision-tenant', state: 'RUNNING', error: null, steps },
});

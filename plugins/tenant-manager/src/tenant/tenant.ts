/**
 * A tenant is what the operator provisions: one identity (key pair and did:web), one participant
 * context and its secrets, created and destroyed by workflows. Its state follows those workflows.
 */
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const TENANT_STATES = ['PROVISIONING', 'ACTIVE', 'SUSPENDING', 'SUSPENDED', 'RESUMING', 'TERMINATING', 'TERMINATED', 'FAILED'] as const;
export type TenantState = (typeof TENANT_STATES)[number];

/**
 * The id names the participant context and the identity hub's participant, and ends the DID:
 * the participant context alphabet, short enough for `terminate:<id>` to be a workflow id.
 */
export const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export const TenantEntity = defineEntity({
  name: 'Tenant',
  tableName: 'tm_tenants',
  properties: {
    id: p.string().primary(),
    name: p.string(),
    state: p.string().$type<TenantState>(),
    settings: p.json<Record<string, unknown>>(),
    /** The DID the identity step made; null until then. */
    did: p.string().nullable(),
    /** The orchestration now (or last) acting on the tenant: provisioning, re-provisioning, suspension, resumption, termination. */
    orchestrationId: p.string().nullable(),
    error: p.text().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

export type Tenant = InferEntity<typeof TenantEntity>;

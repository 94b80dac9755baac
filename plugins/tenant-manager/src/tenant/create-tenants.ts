/**
 * The tenant service behind the API. State changes that start a workflow write the tenant row
 * and the orchestration in one transaction, so neither exists without the other.
 */
import { randomUUID } from 'node:crypto';
import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { ParticipantContexts } from '@tdss/control-plane';
import { type Database, type Page, ProblemError, problems } from '@tdss/sdk';
import type { OrchestrationView, Workflows } from '@tdss/workflow';
import { PROVISION_TENANT, provisionId, TERMINATE_TENANT } from '../provisioning/tenant-orchestrations.ts';
import type { NewTenant, TenantChanges } from './read-tenant-input.ts';
import { type Tenant, TenantEntity, type TenantState } from './tenant.ts';

export interface TenantDetails {
  tenant: Tenant;
  /** The orchestration acting on it now, or the last one; null for none. */
  orchestration: OrchestrationView | null;
}

export interface Tenants {
  create(input: NewTenant): Promise<Tenant>;
  get(id: string): Promise<TenantDetails>;
  list(query: { offset: number; limit: number; filters: { state?: string; name?: string } }): Promise<Page<Tenant>>;
  update(id: string, changes: TenantChanges): Promise<Tenant>;
  suspend(id: string): Promise<Tenant>;
  resume(id: string): Promise<Tenant>;
  /** Starts the termination (TERMINATING); a tenant terminating or terminated already is returned as it is. */
  terminate(id: string): Promise<Tenant>;
}

export function createTenants(db: () => Database, workflows: () => Workflows, contexts: () => ParticipantContexts): Tenants {
  const find = (em: EntityManager, id: string) => em.findOne(TenantEntity, { id });
  const load = async (em: EntityManager, id: string): Promise<Tenant> => {
    const tenant = await find(em, id);
    if (!tenant) throw problems.notFound(`tenant ${id} does not exist`);
    return tenant;
  };
  const refuse = (tenant: Tenant, action: string, allowed: readonly TenantState[]) =>
    new ProblemError(409, `tenant ${tenant.id} is ${tenant.state}; it can be ${action} only when ${allowed.join(' or ')}`, { type: 'conflict' });
  const nameTaken = async (em: EntityManager, name: string, except?: string) => {
    const holder = await em.findOne(TenantEntity, { name });
    if (holder && holder.id !== except) throw new ProblemError(409, `a tenant named ${JSON.stringify(name)} exists already`, { type: 'conflict' });
  };

  /** Moves the participant context and the tenant together; the context first, so a failure changes nothing of the tenant. */
  async function switchState(id: string, from: TenantState, to: TenantState, action: string): Promise<Tenant> {
    const em = db().em();
    const tenant = await load(em, id);
    if (tenant.state === to) return tenant;
    if (tenant.state !== from) throw refuse(tenant, action, [from]);
    await contexts().setState(id, to === 'SUSPENDED' ? 'DEACTIVATED' : 'ACTIVATED');
    tenant.state = to;
    tenant.updatedAt = new Date();
    await em.flush();
    return tenant;
  }

  return {
    async create(input) {
      const id = input.id ?? randomUUID();
      const name = input.name.trim();
      const tenant = await raceToConflict(id, () => db().transactional(async (em) => {
        if (await find(em, id)) throw new ProblemError(409, `tenant ${id} exists already`, { type: 'conflict' });
        await nameTaken(em, name);
        const now = new Date();
        const orchestrationId = provisionId(id);
        const created = em.create(TenantEntity, {
          id,
          name,
          state: 'PROVISIONING',
          settings: input.settings ?? {},
          did: null,
          orchestrationId,
          error: null,
          createdAt: now,
          updatedAt: now,
        });
        await em.flush();
        await workflows().start(PROVISION_TENANT, { tenantId: id, name }, { tenantId: id, correlationId: id, id: orchestrationId, em });
        return created;
      }));
      await workflows().kick(tenant.orchestrationId!);
      return tenant;
    },

    async get(id) {
      const tenant = await load(db().em(), id);
      return { tenant, orchestration: tenant.orchestrationId ? await workflows().get(tenant.orchestrationId) : null };
    },

    async list({ offset, limit, filters }) {
      const where: Record<string, string> = {};
      if (filters.state !== undefined) where.state = filters.state;
      if (filters.name !== undefined) where.name = filters.name;
      const [items, total] = await db().em().findAndCount(TenantEntity, where, { offset, limit, orderBy: { createdAt: 'asc', id: 'asc' } });
      return { items, total, offset, limit };
    },

    async update(id, changes) {
      return raceToConflict(id, () => db().transactional(async (em) => {
        const tenant = await load(em, id);
        if (tenant.state === 'TERMINATING' || tenant.state === 'TERMINATED') throw refuse(tenant, 'changed', ['PROVISIONING', 'ACTIVE', 'SUSPENDED', 'FAILED']);
        if (changes.name !== undefined) {
          await nameTaken(em, changes.name.trim(), id);
          tenant.name = changes.name.trim();
        }
        if (changes.settings !== undefined) tenant.settings = changes.settings;
        tenant.updatedAt = new Date();
        return tenant;
      }));
    },

    suspend: (id) => switchState(id, 'ACTIVE', 'SUSPENDED', 'suspended'),
    resume: (id) => switchState(id, 'SUSPENDED', 'ACTIVE', 'resumed'),

    async terminate(id) {
      const tenant = await db().transactional(async (em) => {
        const tenant = await load(em, id);
        if (tenant.state === 'TERMINATING' || tenant.state === 'TERMINATED') return tenant;
        const allowed: TenantState[] = ['ACTIVE', 'SUSPENDED', 'FAILED'];
        if (!allowed.includes(tenant.state)) throw refuse(tenant, 'terminated', allowed);
        // A conditional move, so that of two DELETEs at once only one starts a termination.
        const moved = await em.nativeUpdate(TenantEntity, { id, state: tenant.state }, { state: 'TERMINATING', error: null, updatedAt: new Date() });
        if (moved === 0) throw new ProblemError(409, `tenant ${id} changed meanwhile; try again`, { type: 'conflict' });
        // A fresh id each time: a FAILED termination can be retried with another DELETE.
        const orchestrationId = `terminate:${id}:${Date.now().toString(36)}`;
        await workflows().start(TERMINATE_TENANT, { tenantId: id }, { tenantId: id, correlationId: id, id: orchestrationId, em });
        await em.nativeUpdate(TenantEntity, { id }, { orchestrationId });
        return { ...tenant, state: 'TERMINATING' as const, orchestrationId, error: null };
      });
      if (tenant.orchestrationId) await workflows().kick(tenant.orchestrationId);
      return tenant;
    },
  };
}

/** Two requests racing for one id or name both pass the checks; the unique index refuses the second. */
async function raceToConflict<T>(id: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw new ProblemError(409, `tenant ${id}: its id or name was taken meanwhile`, { type: 'conflict' });
    }
    throw error;
  }
}

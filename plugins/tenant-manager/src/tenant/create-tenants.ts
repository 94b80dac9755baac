/**
 * The tenant service behind the API. Every change that needs work elsewhere (provisioning,
 * re-provisioning, suspension, resumption, termination) moves the tenant to a transitional state
 * and writes the orchestration that does the work in the same transaction, so neither exists
 * without the other; the orchestration's end moves the tenant on.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Dataspaces } from '@tdss/identity-hub';
import { type Database, type Page, ProblemError, problems } from '@tdss/sdk';
import type { OrchestrationView, Workflows } from '@tdss/workflow';
import {
  PROVISION_TENANT,
  provisionId,
  REPROVISION_TENANT,
  RESUME_TENANT,
  SUSPEND_TENANT,
  TERMINATE_TENANT,
} from '../provisioning/tenant-orchestrations.ts';
import type { NewTenant, TenantChanges } from './read-tenant-input.ts';
import { type Tenant, TenantEntity, type TenantState } from './tenant.ts';
import { REPROVISIONING_KEYS, type TenantSettings } from './tenant-settings.ts';

export interface TenantDetails {
  tenant: Tenant;
  /** The orchestration acting on it now, or the last one; null for none. */
  orchestration: OrchestrationView | null;
}

export interface Tenants {
  create(input: NewTenant): Promise<Tenant>;
  get(id: string): Promise<TenantDetails>;
  list(query: { offset: number; limit: number; filters: { state?: string; name?: string } }): Promise<Page<Tenant>>;
  /** A change of `dataspaces` or `infrastructure` starts a re-provisioning (PROVISIONING); a name is just stored. */
  update(id: string, changes: TenantChanges): Promise<Tenant>;
  /** ACTIVE → SUSPENDING → SUSPENDED; suspending or suspended already is returned as it is. */
  suspend(id: string): Promise<Tenant>;
  /** SUSPENDED → RESUMING → ACTIVE; resuming or active already is returned as it is. */
  resume(id: string): Promise<Tenant>;
  /** Starts the termination (TERMINATING); a tenant terminating or terminated already is returned as it is. */
  terminate(id: string): Promise<Tenant>;
}

interface Transition {
  /** The states it may begin in. */
  from: readonly TenantState[];
  /** The transitional state the orchestration runs in. */
  to: TenantState;
  /** States in which the request is already done or under way: the tenant is returned unchanged. */
  done: readonly TenantState[];
  action: string;
  orchestration: string;
}

const TRANSITIONS = {
  suspend: { from: ['ACTIVE'], to: 'SUSPENDING', done: ['SUSPENDING', 'SUSPENDED'], action: 'suspended', orchestration: SUSPEND_TENANT },
  resume: { from: ['SUSPENDED'], to: 'RESUMING', done: ['RESUMING', 'ACTIVE'], action: 'resumed', orchestration: RESUME_TENANT },
  terminate: { from: ['ACTIVE', 'SUSPENDED', 'FAILED'], to: 'TERMINATING', done: ['TERMINATING', 'TERMINATED'], action: 'terminated', orchestration: TERMINATE_TENANT },
} as const satisfies Record<string, Transition>;

export function createTenants(db: () => Database, workflows: () => Workflows, dataspaces: () => Dataspaces): Tenants {
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
  /** Settings with their defaults; 400 naming each dataspace the identity hub is not configured for. */
  const completeSettings = (settings: TenantSettings): TenantSettings => {
    const configured = dataspaces().list().map((dataspace) => dataspace.name);
    const chosen = settings.dataspaces ?? configured;
    const errors = chosen.flatMap((name, index) =>
      configured.includes(name) ? [] : [{ path: `settings.dataspaces.${index}`, problem: `unknown dataspace ${JSON.stringify(name)}; configured: ${configured.join(', ') || 'none'}` }],
    );
    if (errors.length) throw problems.badRequest(errors.map((e) => `${e.path}: ${e.problem}`).join('; '), { errors });
    return { ...settings, dataspaces: chosen };
  };

  /**
   * Moves the tenant to the transitional state (conditionally: of two requests at once only one
   * starts) and starts the orchestration in the same transaction; its id is fresh each time, so a
   * failed suspension or termination can be asked for again.
   */
  async function begin(em: EntityManager, tenant: Tenant, to: TenantState, orchestration: string, input: Record<string, unknown>, changes: Partial<Tenant> = {}) {
    const moved = await em.nativeUpdate(TenantEntity, { id: tenant.id, state: tenant.state }, { state: to, error: null, updatedAt: new Date(), ...changes });
    if (moved === 0) throw new ProblemError(409, `tenant ${tenant.id} changed meanwhile; try again`, { type: 'conflict' });
    const orchestrationId = `${orchestration.replace(/-tenant$/, '')}:${tenant.id}:${Date.now().toString(36)}`;
    await workflows().start(orchestration, { tenantId: tenant.id, ...input }, { tenantId: tenant.id, correlationId: tenant.id, id: orchestrationId, em });
    await em.nativeUpdate(TenantEntity, { id: tenant.id }, { orchestrationId });
    return { ...tenant, ...changes, state: to, orchestrationId, error: null };
  }

  async function afterCommit(tenant: Tenant, started: boolean): Promise<Tenant> {
    if (started) await workflows().kick(tenant.orchestrationId!);
    return tenant;
  }

  /** The transfers the tenant's last suspension suspended, for its resumption (a failed resumption passes its own on). */
  async function suspendedTransfers(tenant: Tenant): Promise<string[]> {
    if (!tenant.orchestrationId) return [];
    const last = await workflows().get(tenant.orchestrationId);
    if (last.name === SUSPEND_TENANT) return (last.outputs.transfers as { suspended?: string[] } | undefined)?.suspended ?? [];
    if (last.name === RESUME_TENANT) return (last.input.transfers as string[] | undefined) ?? [];
    return [];
  }

  async function transition(id: string, transition: Transition, input: (tenant: Tenant) => Promise<Record<string, unknown>>): Promise<Tenant> {
    // The input is read before the transaction: on SQLite a read beside an open transaction waits for it.
    const before = await load(db().em(), id);
    const prepared = transition.from.includes(before.state) ? await input(before) : {};
    const { tenant, started } = await db().transactional(async (em) => {
      const tenant = await load(em, id);
      if (transition.done.includes(tenant.state)) return { tenant, started: false };
      if (!transition.from.includes(tenant.state)) throw refuse(tenant, transition.action, transition.from);
      // Moved on and back meanwhile (another suspension): its input would be stale.
      if (tenant.orchestrationId !== before.orchestrationId) throw new ProblemError(409, `tenant ${id} changed meanwhile; try again`, { type: 'conflict' });
      return { tenant: await begin(em, tenant, transition.to, transition.orchestration, prepared), started: true };
    });
    return afterCommit(tenant, started);
  }

  return {
    async create(input) {
      const id = input.id ?? randomUUID();
      const name = input.name.trim();
      const settings = completeSettings(input.settings ?? {});
      const now = new Date();
      const orchestrationId = provisionId(id);
      const tenant: Tenant = { id, name, state: 'PROVISIONING', settings, did: null, orchestrationId, error: null, createdAt: now, updatedAt: now };
      try {
        await db().transactional(async (em) => {
          // Inserted without reading first: the unique id and name refuse a taken one, explained below.
          await em.insert(TenantEntity, tenant);
          // Extra activities (e.g. credential requests) read the dataspaces the tenant joins from the input.
          await workflows().start(PROVISION_TENANT, { tenantId: id, name, dataspaces: settings.dataspaces }, { tenantId: id, correlationId: id, id: orchestrationId, em });
        });
      } catch (error) {
        if (!(error instanceof UniqueConstraintViolationException)) throw error;
        const em = db().em();
        if (await find(em, id)) throw new ProblemError(409, `tenant ${id} exists already`, { type: 'conflict' });
        await nameTaken(em, name);
        throw conflictOfRace(id);
      }
      return afterCommit(tenant, true);
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
      const { tenant, started } = await raceToConflict(id, () => db().transactional(async (em) => {
        const tenant = await load(em, id);
        if (tenant.state === 'TERMINATING' || tenant.state === 'TERMINATED') throw refuse(tenant, 'changed', ['PROVISIONING', 'ACTIVE', 'SUSPENDED', 'FAILED']);
        const named: Partial<Tenant> = {};
        if (changes.name !== undefined) {
          await nameTaken(em, changes.name.trim(), id);
          named.name = changes.name.trim();
        }
        const previous = tenant.settings as TenantSettings;
        const settings = changes.settings === undefined ? previous : completeSettings(changes.settings);
        const reprovision = REPROVISIONING_KEYS.some((key) => !isDeepStrictEqual(previous[key], settings[key]));
        if (!reprovision) {
          Object.assign(tenant, named, { settings, updatedAt: new Date() });
          return { tenant, started: false };
        }
        // A FAILED tenant with a DID was provisioned once: its failed re-provisioning may be retried.
        if (!(tenant.state === 'ACTIVE' || (tenant.state === 'FAILED' && tenant.did !== null))) {
          throw new ProblemError(409, `tenant ${id} is ${tenant.state}; changing ${REPROVISIONING_KEYS.join(' or ')} re-provisions it, which needs it ACTIVE`, { type: 'conflict' });
        }
        const started = await begin(em, tenant, 'PROVISIONING', REPROVISION_TENANT, { name: named.name ?? tenant.name, dataspaces: settings.dataspaces, previousSettings: previous }, { ...named, settings });
        em.clear();
        return { tenant: started, started: true };
      }));
      return afterCommit(tenant, started);
    },

    suspend: (id) => transition(id, TRANSITIONS.suspend, async () => ({})),
    resume: (id) => transition(id, TRANSITIONS.resume, async (tenant) => ({ transfers: await suspendedTransfers(tenant) })),
    terminate: (id) => transition(id, TRANSITIONS.terminate, async () => ({})),
  };
}

/** Two requests racing for one id or name both pass the checks; the unique index refuses the second. */
async function raceToConflict<T>(id: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw conflictOfRace(id);
    throw error;
  }
}

function conflictOfRace(id: string): ProblemError {
  return new ProblemError(409, `tenant ${id}: its id or name was taken meanwhile`, { type: 'conflict' });
}

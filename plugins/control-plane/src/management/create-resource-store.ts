import { randomUUID } from 'node:crypto';
import { type EntityManager, type EntitySchema, type FilterQuery, ForeignKeyConstraintViolationException } from '@mikro-orm/core';
import { type Database, problems, type TenantRepository } from '@tdss/sdk';
import { findRow, resolveEntityTable } from '@tdss/state-machine';
import type { QueryFields } from './query-fields.ts';
import type { ManagedRow, ResourceStore } from './resource-store.ts';
import { anyMatches, runQuery } from './run-query.ts';

export interface ResourceStoreOptions<R extends ManagedRow, T, I extends { id?: string }> {
  db: () => Database;
  entity: EntitySchema<R, any>;
  /** In messages, e.g. `asset`. */
  noun: string;
  fields: QueryFields;
  /** The columns an input sets: all but pk, tenantId, id and createdAt. */
  columns(input: I): Record<string, unknown>;
  toDomain(row: R): T;
  /** Runs in the writing transaction before a create or update; throws a problem to refuse it. */
  checkWrite?(em: EntityManager, participantContextId: string, input: I): Promise<void>;
  /** Runs in the deleting transaction before the row goes; throws a problem to refuse it. */
  checkDelete?(em: EntityManager, participantContextId: string, id: string): Promise<void>;
}

/** Every query goes through a tenant repository of the participant context: no path reaches another's rows. */
export function createResourceStore<R extends ManagedRow, T, I extends { id?: string }>(options: ResourceStoreOptions<R, T, I>): ResourceStore<T, I> {
  const { db, entity, noun, fields, columns, toDomain } = options;
  const repository = (participantContextId: string, em?: EntityManager) => db().tenantRepository(entity, participantContextId, em);
  const notFound = (participantContextId: string, id: string) =>
    problems.notFound(`${noun} ${JSON.stringify(id)} does not exist in participant context ${JSON.stringify(participantContextId)}`);
  const find = async (repo: TenantRepository<R>, id: string): Promise<R> => {
    const row = await repo.findOne({ id } as FilterQuery<R>);
    if (!row) throw notFound(repo.tenantId, id);
    return row;
  };
  const write = async <X>(id: string, fn: (em: EntityManager) => Promise<X>): Promise<X> => {
    try {
      return await db().transactional(fn);
    } catch (error) {
      // The checks above ran in the same transaction; a foreign key still fails when another
      // request changed what this row refers to (or what refers to it) at the same moment.
      if (error instanceof ForeignKeyConstraintViolationException) {
        throw problems.conflict(`${noun} ${JSON.stringify(id)} was not changed: an object it refers to, or one that refers to it, changed at the same time; retry`);
      }
      throw error;
    }
  };

  return {
    fields,
    async create(participantContextId, input) {
      const id = input.id ?? randomUUID();
      const row = await write(id, async (em) => {
        const repo = repository(participantContextId, em);
        if ((await repo.count({ id } as FilterQuery<R>)) > 0) {
          throw problems.conflict(`${noun} ${JSON.stringify(id)} exists already in participant context ${JSON.stringify(participantContextId)}`);
        }
        await options.checkWrite?.(em, participantContextId, input);
        return repo.create({ pk: randomUUID(), id, createdAt: new Date(), ...columns(input) } as never);
      });
      return toDomain(row);
    },
    async get(participantContextId, id) {
      // The hottest read (a contract request resolves its definition, policy and asset): one
      // statement, mapped without the ORM's unit of work.
      const row = await findRow({ db: db(), table: resolveEntityTable(db(), entity), entity }, { tenantId: participantContextId, id });
      if (!row) throw notFound(participantContextId, id);
      return toDomain(row);
    },
    async query(participantContextId, query) {
      const page = await runQuery(repository(participantContextId), query, fields);
      return { ...page, items: page.items.map(toDomain) };
    },
    exists: (participantContextId, filter) => anyMatches(repository(participantContextId), filter, fields),
    async update(participantContextId, id, input) {
      const row = await write(id, async (em) => {
        const repo = repository(participantContextId, em);
        const existing = await find(repo, id);
        await options.checkWrite?.(em, participantContextId, input);
        return repo.update(existing.pk, columns(input) as never);
      });
      return toDomain(row);
    },
    async delete(participantContextId, id) {
      await write(id, async (em) => {
        const repo = repository(participantContextId, em);
        const existing = await find(repo, id);
        await options.checkDelete?.(em, participantContextId, id);
        await repo.delete(existing.pk);
      });
    },
  };
}

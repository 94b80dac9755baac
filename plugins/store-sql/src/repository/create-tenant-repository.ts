import {
  type EntityManager,
  type EntityMetadata,
  type EntitySchema,
  type FilterQuery,
  type RequiredEntityData,
  UniqueConstraintViolationException,
  Utils,
} from '@mikro-orm/core';
import { problems, type TenantOwned, type TenantRepository } from '@tdss/sdk';
import { pageOptions } from './page-options.ts';
import { writableData } from './writable-data.ts';

/**
 * A repository that ANDs `tenantId = <tenant>` into every query, whatever filter the caller
 * passes (including `$or` and `tenantId` of its own), and sets it on every row it writes.
 * `em` is called once per operation: a fresh fork, or the caller's unit of work.
 */
export function createTenantRepository<T extends TenantOwned>(
  entity: EntitySchema<T, any>,
  tenantId: string,
  em: () => EntityManager,
): TenantRepository<T> {
  if (typeof tenantId !== 'string' || tenantId.length === 0) {
    throw new TypeError('tenantRepository: tenantId must be a non-empty string');
  }
  const meta = em().getMetadata(entity) as EntityMetadata<any>;
  const primaryKey = scopablePrimaryKey(meta);
  const name = meta.className;

  const scoped = (where?: FilterQuery<T>): FilterQuery<T> => {
    // A bare id (or list of ids, or entity) is MikroORM shorthand for a primary key condition.
    const filter = where === undefined ? {} : Utils.isPlainObject(where) ? where : { [primaryKey]: where };
    return { $and: [{ tenantId }, filter] } as FilterQuery<T>;
  };
  const byId = (id: string) => scoped({ [primaryKey]: id } as FilterQuery<T>);
  const notFound = (id: string) => problems.notFound(`${name} ${JSON.stringify(id)} does not exist`);

  const repository: TenantRepository<T> = {
    tenantId,
    findOne: (where) => em().findOne(entity, scoped(where)) as Promise<T | null>,
    async getById(id) {
      const row = await em().findOne(entity, byId(id));
      if (!row) throw notFound(id);
      return row as T;
    },
    async find(where, page) {
      const options = pageOptions(meta, primaryKey, page);
      const [items, total] = await em().findAndCount(entity, scoped(where), options as object);
      return { items: items as T[], total, offset: options.offset, limit: options.limit };
    },
    count: (where) => em().count(entity, scoped(where)),
    async create(data) {
      const unit = em();
      const values = await writableData(unit, meta, tenantId, data, ['tenantId']);
      const row = unit.create(entity, { ...values, tenantId } as unknown as RequiredEntityData<T>);
      await flush(unit, name);
      return row;
    },
    async update(id, changes) {
      const unit = em();
      const row = await unit.findOne(entity, byId(id));
      if (!row) throw notFound(id);
      // The primary key is left out too: a row keeps its identity.
      unit.assign(row, (await writableData(unit, meta, tenantId, changes, ['tenantId', primaryKey])) as never);
      await flush(unit, name);
      return row as T;
    },
    async delete(id) {
      const unit = em();
      const row = await unit.findOne(entity, byId(id));
      if (!row) return false;
      unit.remove(row);
      await unit.flush();
      return true;
    },
    deleteAll: () => em().nativeDelete(entity, { tenantId } as FilterQuery<T>),
  };
  return repository;
}

/** The one primary key column of a tenant-owned entity; other entities cannot be scoped. */
function scopablePrimaryKey(meta: EntityMetadata<any>): string {
  if (!meta.properties.tenantId) {
    throw new TypeError(`tenantRepository: entity ${meta.className} has no tenantId property; tenant-owned entities need one`);
  }
  if (meta.primaryKeys.length !== 1) {
    throw new TypeError(`tenantRepository: entity ${meta.className} needs a primary key of one column, it has ${meta.primaryKeys.length}`);
  }
  return meta.primaryKeys[0] as string;
}

async function flush(em: EntityManager, name: string): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw problems.conflict(`${name} conflicts with an existing row that has the same unique values`);
    }
    throw error;
  }
}

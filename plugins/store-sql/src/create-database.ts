import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import type { Database, SqlDialect } from '@tdss/sdk';
import type { SqlOrm } from './orm/create-orm.ts';
import { createTenantRepository } from './repository/create-tenant-repository.ts';

export function createDatabase(orm: SqlOrm, dialect: SqlDialect): Database {
  return {
    dialect,
    orm: orm as unknown as MikroORM,
    em: () => orm.em.fork(),
    transactional: (fn) => orm.em.fork().transactional((em) => fn(em)),
    kysely: (em) => ((em as SqlEntityManager | undefined) ?? orm.em.fork()).getKysely(),
    tenantRepository: (entity, tenantId, em?: EntityManager) => createTenantRepository(entity, tenantId, em ? () => em : () => orm.em.fork()),
  };
}

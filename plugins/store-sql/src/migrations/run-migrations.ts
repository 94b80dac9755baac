import type { SqlEntityManager } from '@mikro-orm/sql';
import { type DatabaseSchema, type Logger, type SqlDialect, TdssError } from '@tdss/sdk';
import type { Kysely } from 'kysely';
import type { SqlOrm } from '../orm/create-orm.ts';
import { ensureMigrationsTable, isApplied, lockMigrations, recordApplied } from './migrations-table.ts';

export interface MigrationRun {
  orm: SqlOrm;
  dialect: SqlDialect;
  schemas: readonly DatabaseSchema[];
  logger: Logger;
  /** The store plugin, named in errors about the migration machinery itself. */
  plugin: string;
}

/**
 * Applies every plugin's pending migrations in contribution order, each in its own transaction
 * with its record, so a failure leaves no half-applied migration behind. Returns the ids applied.
 */
export async function runMigrations(run: MigrationRun): Promise<string[]> {
  const { dialect, logger } = run;
  const planned = plan(run.schemas, run.plugin);
  await inTransaction(run.orm, (db) => ensureMigrationsTable(db, dialect));
  const applied: string[] = [];
  for (const { id, plugin, migration } of planned) {
    const began = performance.now();
    try {
      const done = await inTransaction(run.orm, async (db) => {
        await lockMigrations(db, dialect);
        if (await isApplied(db, id)) return false;
        await migration.up({ dialect, db });
        await recordApplied(db, id);
        return true;
      });
      if (!done) continue;
    } catch (error) {
      throw new TdssError(`migration ${id} failed and was rolled back: ${(error as Error).message}`, {
        code: 'STORE_MIGRATION_FAILED',
        plugin,
        cause: error,
        hint: `fix migration "${migration.name}" in ${plugin}; migrations before it stay applied and the next start resumes from it`,
      });
    }
    applied.push(id);
    logger.info({ migration: id, ms: Math.round(performance.now() - began) }, 'migration applied');
  }
  return applied;
}

function plan(schemas: readonly DatabaseSchema[], storePlugin: string) {
  const seen = new Set<string>();
  return schemas.flatMap((schema) =>
    schema.migrations.map((migration) => {
      const id = `${schema.plugin}/${migration.name}`;
      if (seen.has(id)) {
        throw new TdssError(`migration ${id} is contributed twice`, {
          code: 'STORE_DUPLICATE_MIGRATION',
          plugin: schema.plugin,
          hint: `give every migration of ${schema.plugin} its own name, and contribute its DatabaseSchema once (reported by ${storePlugin})`,
        });
      }
      seen.add(id);
      return { id, plugin: schema.plugin, migration };
    }),
  );
}

function inTransaction<T>(orm: SqlOrm, fn: (db: Kysely<any>) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional((em: SqlEntityManager) => fn(em.getKysely()));
}

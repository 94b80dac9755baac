/**
 * @tdss/store-sql: the shared SQL database. Collects every plugin's entities and migrations,
 * applies the migrations, and provides the Database service with tenant-scoped repositories.
 */
import { Database, DatabaseSchemas, definePlugin, HealthChecks } from '@tdss/sdk';
import { createDatabase } from './create-database.ts';
import { createHealthCheck } from './create-health-check.ts';
import { runMigrations } from './migrations/run-migrations.ts';
import { createOrm, requireUrl } from './orm/create-orm.ts';
import { StoreSqlSettings } from './settings.ts';

export { StoreSqlSettings } from './settings.ts';

const PLUGIN = '@tdss/store-sql';

export default definePlugin({
  name: PLUGIN,
  version: '0.1.0',
  description: 'Persistence on MikroORM for PostgreSQL and SQLite, with per-plugin migrations and tenant-scoped repositories.',
  settings: StoreSqlSettings,
  provides: [Database],
  contributes: [HealthChecks],
  register(ctx) {
    // Fail before any plugin starts rather than half-way through start-up.
    if (ctx.settings.dialect === 'postgresql') requireUrl(ctx.settings, PLUGIN);
  },
  async start(ctx) {
    const schemas = ctx.contributions(DatabaseSchemas);
    const { dialect } = ctx.settings;
    const orm = await createOrm({
      settings: ctx.settings,
      entities: schemas.flatMap((s) => s.entities),
      dataDir: ctx.runtime.dataDir,
      logger: ctx.logger,
      plugin: PLUGIN,
    });
    try {
      await runMigrations({ orm, dialect, schemas, logger: ctx.logger, plugin: PLUGIN });
    } catch (error) {
      await orm.close();
      throw error;
    }
    ctx.provide(Database, createDatabase(orm, dialect));
    ctx.contribute(HealthChecks, createHealthCheck(orm));
    ctx.logger.info({ dialect, entities: schemas.reduce((n, s) => n + s.entities.length, 0) }, 'database ready');
  },
  async stop(ctx) {
    await ctx.get(Database).orm.close();
  },
});

import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type EntitySchema, MikroORM, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { type AbstractSqlDriver, NodeSqliteDialect, SqliteDriver } from '@mikro-orm/sql';
import { type Logger, TdssError } from '@tdss/sdk';
import type { StoreSqlSettings } from '../settings.ts';
import { createOrmLogger } from './create-orm-logger.ts';

export type SqlOrm = MikroORM<AbstractSqlDriver>;

export interface OrmOptions {
  settings: StoreSqlSettings;
  entities: readonly EntitySchema<any, any>[];
  dataDir: string;
  logger: Logger;
  plugin: string;
}

/** Initializes MikroORM on the configured dialect with every contributed entity, and connects. */
export async function createOrm(options: OrmOptions): Promise<SqlOrm> {
  const { settings, logger } = options;
  const common: Partial<Options<AbstractSqlDriver>> = {
    entities: [...options.entities],
    // Tables come from the plugins' migrations, never from MikroORM creating databases or schemas.
    ensureDatabase: false,
    discovery: { warnWhenNoEntities: false },
    colors: false,
    debug: settings.debug ? ['query', 'info'] : false,
    loggerFactory: ({ debugMode }) => createOrmLogger(logger, debugMode ?? false),
  };
  if (settings.dialect === 'postgresql') {
    const url = requireUrl(settings, options.plugin);
    return MikroORM.init<AbstractSqlDriver>({ ...common, driver: PostgreSqlDriver, clientUrl: url, pool: { max: settings.poolSize } });
  }
  const file = resolve(options.dataDir, settings.file);
  await mkdir(dirname(file), { recursive: true });
  const orm = await MikroORM.init<AbstractSqlDriver>({
    ...common,
    driver: SqliteDriver,
    dbName: file,
    driverOptions: new NodeSqliteDialect(file),
  });
  // Kysely keeps one SQLite connection for the ORM's lifetime, so per-connection pragmas set once
  // hold (MikroORM sets its foreign_keys pragma the same way). WAL lets readers run beside a writer.
  const connection = orm.em.getConnection();
  await connection.execute('pragma journal_mode = wal');
  await connection.execute(`pragma busy_timeout = ${settings.busyTimeoutMs}`);
  return orm;
}

/** The cross-field rule the schema cannot say clearly: PostgreSQL needs a URL. */
export function requireUrl(settings: StoreSqlSettings, plugin: string): string {
  if (settings.url) return settings.url;
  throw new TdssError('setting `url` is required when `dialect` is postgresql', {
    code: 'STORE_SQL_URL_MISSING',
    plugin,
    hint: `set plugins[${JSON.stringify(plugin)}].url in the profile to the PostgreSQL connection URL, e.g. postgres://user:password@host:5432/tdss, or use dialect sqlite`,
  });
}

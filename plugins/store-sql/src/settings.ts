import { type Static, Type } from '@tdss/sdk';

export const StoreSqlSettings = Type.Object({
  dialect: Type.Union([Type.Literal('sqlite'), Type.Literal('postgresql')], {
    default: 'sqlite',
    description: 'Database to use: `sqlite` (embedded, one process) or `postgresql` (production, several replicas).',
  }),
  url: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'PostgreSQL connection URL, e.g. postgres://user:password@host:5432/tdss. Required when dialect is postgresql.',
    }),
  ),
  file: Type.String({
    minLength: 1,
    default: 'tdss.sqlite',
    description: 'SQLite database file; a relative path is taken from the runtime data folder. Its folder is created if missing.',
  }),
  poolSize: Type.Integer({ minimum: 1, default: 10, description: 'Most PostgreSQL connections this runtime opens at once.' }),
  busyTimeoutMs: Type.Integer({
    minimum: 0,
    default: 5_000,
    description: 'How long a SQLite write waits for another process holding the database lock before failing.',
  }),
  debug: Type.Boolean({ default: false, description: 'Log every SQL statement (never its parameter values) at debug level.' }),
});

export type StoreSqlSettings = Static<typeof StoreSqlSettings>;

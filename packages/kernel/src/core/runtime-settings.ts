import { Type, type Static } from '@tdss/sdk';
import { LOG_LEVELS } from './create-logger.ts';

/** The `runtime` section of a profile: settings of the kernel itself. */
export const RuntimeSettings = Type.Object({
  name: Type.String({ minLength: 1, default: 'tdss', description: 'Name of this runtime, on every log line and metric.' }),
  dataDir: Type.String({
    minLength: 1,
    default: './data',
    description: 'Folder for the files of embedded defaults (SQLite database, ...); relative to the working directory.',
  }),
  logLevel: Type.Union(
    LOG_LEVELS.map((level) => Type.Literal(level)),
    { default: 'info', description: 'Lowest level that is logged.' },
  ),
  shutdownTimeoutMs: Type.Integer({
    minimum: 100,
    default: 15_000,
    description: 'How long a graceful stop may take before the process exits anyway.',
  }),
});

export type RuntimeSettings = Static<typeof RuntimeSettings>;

import { createRuntime, type PluginEntry, type Runtime } from '@tdss/kernel';
import type { DestinationStream, LevelWithSilent } from 'pino';
import type { Test } from 'tap';
import { createTempDir } from './temp-dir.ts';

export interface TestRuntimeOptions {
  plugins: readonly PluginEntry[];
  /** Runtime name; `test` when absent. */
  name?: string;
  /** The runtime data folder; a fresh temp folder when absent. */
  dataDir?: string;
  /** `silent` when absent, so test output stays readable. */
  logLevel?: LevelWithSilent;
  logDestination?: DestinationStream;
}

/** Creates and starts a runtime that stops when the test ends; rejects like `runtime.start()`. */
export async function startTestRuntime(t: Test, options: TestRuntimeOptions): Promise<Runtime> {
  const runtime = createRuntime({
    runtime: {
      name: options.name ?? 'test',
      dataDir: options.dataDir ?? (await createTempDir(t, 'tdss-data-')),
      logLevel: options.logLevel ?? 'silent',
    },
    plugins: options.plugins,
    ...(options.logDestination ? { logDestination: options.logDestination } : {}),
  });
  t.teardown(() => runtime.stop());
  await runtime.start();
  return runtime;
}

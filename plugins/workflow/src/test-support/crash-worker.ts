/**
 * Run by the crash test as a child process: `node crash-worker.ts <postgres url> <data dir>`.
 * Starts a runtime on the database, starts the orchestrations, prints `started` and works on
 * them until it is killed.
 */
import { Database } from '@tdss/sdk';
import store from '@tdss/store-sql';
import { createRuntime } from '@tdss/kernel';
import workflow, { Workflows } from '../index.ts';
import { CRASH_LEASE_MS, CRASH_ORCHESTRATIONS, CRASH_STEP_DELAY_MS } from './crash-settings.ts';
import { effectActivity, SIX_STEPS } from './effect-activity.ts';
import { createTestActivitiesPlugin, TEST_STEPS } from './test-activities-plugin.ts';

const [url, dataDir] = process.argv.slice(2);
const runtime = createRuntime({
  runtime: { name: 'crash-worker', dataDir: dataDir!, logLevel: 'silent' },
  plugins: [
    { plugin: store, settings: { dialect: 'postgresql', url } },
    { plugin: workflow, settings: { steps: { ...TEST_STEPS, leaseMs: CRASH_LEASE_MS } } },
    { plugin: createTestActivitiesPlugin({ activities: (db) => [effectActivity('test.effect', db, { delayMs: CRASH_STEP_DELAY_MS, owner: () => 'worker' })] }) },
  ],
});
await runtime.start();
const workflows = runtime.get(Workflows);
await runtime.get(Database).transactional(async (em) => {
  for (let i = 0; i < CRASH_ORCHESTRATIONS; i++) {
    await workflows.start({ name: 'six', activities: SIX_STEPS }, { tenant: i }, { tenantId: `tenant-${i}`, id: `crash-${String(i).padStart(3, '0')}`, em });
  }
});
process.stdout.write('started\n');

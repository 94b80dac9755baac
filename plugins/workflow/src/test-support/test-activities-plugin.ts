/**
 * A plugin that contributes test activities and orchestrations, with tables where activities
 * record what they did: effects and undos keyed by the step's idempotency key (a repeat breaks
 * the key), and one row per call of execute or compensate and attempt (a second call of the same
 * attempt breaks that key; the crash test logs such reruns in `test_wf_reruns`).
 */
import type { Runtime } from '@tdss/kernel';
import { Database, DatabaseSchemas, definePlugin } from '@tdss/sdk';
import store from '@tdss/store-sql';
import { type DialectSettings, startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';
import type { WorkflowActivity } from '../activity/workflow-activity.ts';
import type { OrchestrationDefinition } from '../definition/orchestration-definition.ts';
import workflow from '../index.ts';
import { isUniqueViolation } from '../store/is-unique-violation.ts';
import { WorkflowActivities, WorkflowOrchestrations, Workflows } from '../tokens.ts';

export interface TestPluginOptions {
  activities?: (db: () => Database) => WorkflowActivity[];
  orchestrations?: OrchestrationDefinition[];
}

export function createTestActivitiesPlugin(options: TestPluginOptions) {
  return definePlugin({
    name: 'test-workflow-activities',
    version: '1.0.0',
    requires: [Database],
    contributes: [DatabaseSchemas, WorkflowActivities, WorkflowOrchestrations],
    register(ctx) {
      ctx.contribute(DatabaseSchemas, {
        plugin: 'test-workflow-activities',
        entities: [],
        migrations: [
          {
            name: '0001-effect-tables',
            async up({ db }) {
              for (const table of ['test_wf_effects', 'test_wf_undos']) {
                await db.schema
                  .createTable(table)
                  .addColumn('effect_key', 'varchar(255)', (c) => c.primaryKey())
                  .addColumn('value', 'varchar(255)')
                  .addColumn('at', 'bigint', (c) => c.notNull())
                  .execute();
              }
              await db.schema
                .createTable('test_wf_calls')
                .addColumn('orchestration_id', 'varchar(128)', (c) => c.notNull())
                .addColumn('step_id', 'varchar(64)', (c) => c.notNull())
                .addColumn('kind', 'varchar(16)', (c) => c.notNull())
                .addColumn('attempt', 'integer', (c) => c.notNull())
                .addColumn('owner', 'varchar(128)', (c) => c.notNull())
                .addColumn('at', 'bigint', (c) => c.notNull())
                .addUniqueConstraint('test_wf_calls_once', ['orchestration_id', 'step_id', 'kind', 'attempt'])
                .execute();
              await db.schema
                .createTable('test_wf_reruns')
                .addColumn('orchestration_id', 'varchar(128)', (c) => c.notNull())
                .addColumn('step_id', 'varchar(64)', (c) => c.notNull())
                .addColumn('owner', 'varchar(128)', (c) => c.notNull())
                .execute();
              await db.schema
                .createTable('test_wf_ends')
                .addColumn('orchestration_id', 'varchar(128)', (c) => c.primaryKey())
                .addColumn('state', 'varchar(32)', (c) => c.notNull())
                .addColumn('error', 'text')
                .execute();
            },
          },
        ],
      });
      const db = ctx.lazy(Database);
      for (const activity of options.activities?.(db) ?? []) ctx.contribute(WorkflowActivities, activity);
      for (const orchestration of options.orchestrations ?? []) ctx.contribute(WorkflowOrchestrations, orchestration);
    },
  });
}

/** Fast settings for tests: short polls, leases and back-off, no jitter. */
export const TEST_STEPS = { leaseMs: 10_000, batchSize: 20, pollIntervalMs: 25, retry: { baseDelayMs: 50, maxDelayMs: 2_000, maxAttempts: 3, jitter: 0 } };

export interface WorkflowRuntime {
  runtime: Runtime;
  db: Database;
  workflows: Workflows;
}

export async function startWorkflowRuntime(t: Test, dialect: DialectSettings, options: TestPluginOptions & { steps?: object; name?: string }): Promise<WorkflowRuntime> {
  const runtime = await startTestRuntime(t, {
    name: options.name ?? 'test',
    plugins: [
      { plugin: store, settings: dialect },
      { plugin: workflow, settings: { steps: options.steps ?? TEST_STEPS } },
      { plugin: createTestActivitiesPlugin(options) },
    ],
  });
  return { runtime, db: runtime.get(Database), workflows: runtime.get(Workflows) };
}

/**
 * Records a call of execute or compensate; resolves to false when this attempt was called
 * before (a rerun after a crash), which is then logged in `test_wf_reruns`.
 */
export async function recordCall(db: Database, call: { orchestrationId: string; stepId: string; kind: string; attempt: number; owner: string }): Promise<boolean> {
  try {
    await db
      .kysely()
      .insertInto('test_wf_calls')
      .values({ orchestration_id: call.orchestrationId, step_id: call.stepId, kind: call.kind, attempt: call.attempt, owner: call.owner, at: Date.now() })
      .execute();
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await db.kysely().insertInto('test_wf_reruns').values({ orchestration_id: call.orchestrationId, step_id: call.stepId, owner: call.owner }).execute();
    return false;
  }
}

export async function count(db: Database, table: string): Promise<number> {
  const row = await db.kysely().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Polls until `check` holds or `timeoutMs` passes; resolves to whether it held. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 30_000, everyMs = 25): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return check();
}

/** Waits until the orchestration is in one of `states`; resolves to its view then. */
export async function waitForState(workflows: Workflows, id: string, states: readonly string[], timeoutMs = 30_000) {
  let view = await workflows.get(id);
  await eventually(async () => states.includes((view = await workflows.get(id)).state), timeoutMs);
  if (!states.includes(view.state)) throw new Error(`orchestration ${id} is ${view.state}, not ${states.join(' or ')}, after ${timeoutMs} ms: ${JSON.stringify(view.steps.map((s) => [s.id, s.state, s.error]))}`);
  return view;
}

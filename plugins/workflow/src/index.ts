/**
 * @tdss/workflow: durable orchestrations of idempotent activities for the Connector Fabric
 * Manager. An orchestration is a DAG of steps; each step is a row of a lease-based state machine,
 * so steps run in parallel, survive crashes, retry with back-off, are compensated in reverse
 * dependency order on failure or cancel, and are shared by replicas on PostgreSQL.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Database, DatabaseSchemas, definePlugin, Metrics, type RuntimeInfo, TdssError } from '@tdss/sdk';
import { checkActivityTypes, defineOrchestration } from './definition/define-orchestration.ts';
import type { OrchestrationDefinition } from './definition/orchestration-definition.ts';
import { createWorkflowEngine, type WorkflowEngine } from './engine/create-workflow-engine.ts';
import { PLUGIN_NAME } from './plugin-name.ts';
import { createWorkflows } from './service/create-workflows.ts';
import { WorkflowSettings } from './settings.ts';
import { workflowSchema } from './store/workflow-schema.ts';
import { WorkflowActivities, WorkflowOrchestrations, Workflows } from './tokens.ts';

export * from './tokens.ts';
export { defineOrchestration };
export type { OrchestrationDefinition, OrchestrationEnd, StepDefinition } from './definition/orchestration-definition.ts';
export type { ActivityContext, ActivityRetry, CompensationContext, WorkflowActivity } from './activity/workflow-activity.ts';
export { PermanentError } from './activity/permanent-error.ts';
export type { WorkflowEvent, WorkflowListener } from './engine/workflow-event.ts';
export type { OrchestrationState } from './store/orchestration-entity.ts';
export type { StepState } from './store/step-entity.ts';
export { WorkflowSettings } from './settings.ts';

/** Each runtime's own engine: several runtimes (replicas in a test) may share this module. */
interface RuntimeState {
  engine?: WorkflowEngine;
  readonly stopping: AbortController;
}
const states = new WeakMap<RuntimeInfo, RuntimeState>();

export default definePlugin({
  name: PLUGIN_NAME,
  version: '0.1.0',
  description: 'Durable orchestrations of idempotent activities: DAGs of steps, retries, compensation, replicas.',
  settings: WorkflowSettings,
  provides: [Workflows],
  requires: [Database],
  contributes: [DatabaseSchemas],
  register(ctx) {
    const state: RuntimeState = { stopping: new AbortController() };
    states.set(ctx.runtime, state);
    ctx.contribute(DatabaseSchemas, workflowSchema());
    const running = () => {
      if (state.engine) return state.engine;
      throw new TdssError('Workflows was used before @tdss/workflow started', {
        code: 'WORKFLOW_NOT_STARTED',
        plugin: PLUGIN_NAME,
        hint: 'require Workflows in your plugin, so that it starts after @tdss/workflow',
      });
    };
    ctx.provide(Workflows, createWorkflows(running));
  },
  start(ctx) {
    const state = states.get(ctx.runtime)!;
    const definitions = new Map<string, OrchestrationDefinition>();
    const engine = createWorkflowEngine({
      db: ctx.get(Database),
      logger: ctx.logger,
      metrics: ctx.get(Metrics),
      steps: ctx.settings.steps,
      activities: ctx.contributions(WorkflowActivities),
      definitions,
    });
    for (const definition of ctx.contributions(WorkflowOrchestrations)) {
      if (definitions.has(definition.name)) {
        throw new TdssError(`orchestration ${JSON.stringify(definition.name)} is contributed twice to WorkflowOrchestrations`, {
          code: 'WORKFLOW_DEFINITION',
          plugin: PLUGIN_NAME,
          hint: 'give each orchestration its own name',
        });
      }
      checkActivityTypes(defineOrchestration(definition), engine.registry.has);
      definitions.set(definition.name, definition);
    }
    state.engine = engine;
    void startWhenRunning(ctx.runtime, engine, state.stopping.signal);
  },
  async drain(ctx) {
    const state = states.get(ctx.runtime);
    state?.stopping.abort();
    await state?.engine?.machine().stop();
  },
});

/**
 * Activities belong to plugins that may start after this one: steps run only once every plugin
 * has started, so an activity never meets a service that is not ready yet.
 */
async function startWhenRunning(runtime: RuntimeInfo, engine: WorkflowEngine, stopping: AbortSignal): Promise<void> {
  while (runtime.state === 'starting' && !stopping.aborted) await sleep(10, undefined, { signal: stopping }).catch(() => undefined);
  if (runtime.state === 'running' && !stopping.aborted) engine.machine().start();
}

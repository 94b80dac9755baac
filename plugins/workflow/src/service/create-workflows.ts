import type { FilterQuery } from '@mikro-orm/core';
import { problems } from '@tdss/sdk';
import type { WorkflowEngine } from '../engine/create-workflow-engine.ts';
import { settleProgress } from '../engine/settle-progress.ts';
import { ORCHESTRATION_STATES, OrchestrationEntity, type OrchestrationRow } from '../store/orchestration-entity.ts';
import { StepEntity } from '../store/step-entity.ts';
import type { OrchestrationView, Workflows } from '../tokens.ts';
import { toSummary, toView } from './orchestration-view.ts';
import { resolveDefinition } from './resolve-definition.ts';
import { startOrchestration } from './start-orchestration.ts';

const MAX_LIMIT = 500;
const ENDED = ['COMPLETED', 'FAILED', 'CANCELLED'];
/** Starts in a caller's transaction remembered for their kick; a caller that never kicks (rolled back) is forgotten past this many. */
const MAX_UNKICKED = 10_000;

/** The `Workflows` service over the engine the plugin creates when it starts. */
export function createWorkflows(running: () => WorkflowEngine): Workflows {
  const em = () => running().db.em();

  async function get(id: string): Promise<OrchestrationView> {
    const fork = em();
    const row = await fork.findOne(OrchestrationEntity, { id });
    if (!row) throw problems.notFound(`orchestration ${id} does not exist`);
    const steps = await fork.find(StepEntity, { orchestrationId: id }, { orderBy: { position: 'asc' } });
    return toView(row, steps);
  }

  /** By id: the due steps and the row of orchestrations started in a caller's transaction, until their kick. */
  const unkicked = new Map<string, { due: string[]; row: OrchestrationRow }>();

  /**
   * Kicks the due steps. After a start in a caller's transaction they are known, and so is the
   * row: no read of either, and each step runs with the row as the start wrote it. The copy left
   * unused (another replica ran the step) is dropped once the kick resolves.
   */
  async function kick(id: string): Promise<void> {
    const engine = running();
    const started = unkicked.get(id);
    if (!started) {
      const due = await em().find(StepEntity, { orchestrationId: id, state: { $in: ['RUNNING', 'COMPENSATING'] } }, { fields: ['id'] });
      await Promise.all(due.map((step) => engine.machine().kick(step.id)));
      return;
    }
    unkicked.delete(id);
    await kickStarted(engine, started.due, started.row);
  }

  async function kickStarted(engine: WorkflowEngine, due: readonly string[], row: OrchestrationRow): Promise<void> {
    await Promise.all(
      due.map(async (stepId) => {
        engine.snapshots.set(stepId, row);
        try {
          await engine.machine().kick(stepId);
        } finally {
          engine.snapshots.delete(stepId);
        }
      }),
    );
  }

  return {
    async start(orchestration, input, options) {
      const engine = running();
      const definition = resolveDefinition(engine, orchestration);
      const { id, created, due, row } = await startOrchestration(engine, definition, input, options);
      if (!created) return id;
      engine.metrics.started(definition.name);
      // With the caller's `em` nothing is committed yet: the caller kicks once it is.
      if (options.em) {
        if (unkicked.size >= MAX_UNKICKED) unkicked.delete(unkicked.keys().next().value!);
        unkicked.set(id, { due, row: row! });
        return id;
      }
      engine.events.emit({ type: 'orchestration', orchestrationId: id, tenantId: options.tenantId, name: definition.name, state: 'RUNNING', error: null, at: new Date() });
      void kickStarted(engine, due, row!);
      return id;
    },
    get,
    async list(query = {}) {
      const offset = query.offset ?? 0;
      const limit = Math.min(query.limit ?? 50, MAX_LIMIT);
      if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1) {
        throw problems.badRequest('offset must be an integer ≥ 0 and limit an integer ≥ 1');
      }
      if (query.state !== undefined && !ORCHESTRATION_STATES.includes(query.state)) {
        throw problems.badRequest(`state must be one of ${ORCHESTRATION_STATES.join(', ')}`);
      }
      const where: FilterQuery<OrchestrationRow> = {};
      if (query.tenantId !== undefined) where.tenantId = query.tenantId;
      if (query.correlationId !== undefined) where.correlationId = query.correlationId;
      if (query.name !== undefined) where.name = query.name;
      if (query.state !== undefined) where.state = query.state;
      const [rows, total] = await em().findAndCount(OrchestrationEntity, where, { orderBy: { createdAt: 'desc', id: 'asc' }, offset, limit });
      return { items: rows.map(toSummary), total, offset, limit };
    },
    async cancel(id, options = {}) {
      const reason = options.reason ? `cancelled: ${options.reason}` : 'cancelled';
      const { plan, orchestration } = await settleProgress(running(), id, { kind: 'cancel', reason });
      if (!plan.next && orchestration.state === 'COMPLETED') {
        throw problems.conflict(`orchestration ${id} has completed; there is nothing to cancel (start an orchestration that undoes it instead)`);
      }
      return get(id);
    },
    async forget(tenantId, options = {}) {
      // Steps and their records go with the orchestration (foreign keys on delete cascade).
      const deleted = await running()
        .db.kysely(options.em)
        .deleteFrom('wf_orchestrations')
        .where('tenant_id', '=', tenantId)
        .where('state', 'in', ENDED)
        .executeTakeFirst();
      return Number(deleted.numDeletedRows);
    },
    kick,
    subscribe: (listener) => running().events.subscribe(listener),
  };
}

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

  async function kick(id: string): Promise<void> {
    const due = await em().find(StepEntity, { orchestrationId: id, state: { $in: ['RUNNING', 'COMPENSATING'] } }, { fields: ['id'] });
    await Promise.all(due.map((step) => running().machine().kick(step.id)));
  }

  return {
    async start(orchestration, input, options) {
      const engine = running();
      const definition = resolveDefinition(engine, orchestration);
      const { id, created, due } = await startOrchestration(engine, definition, input, options);
      if (!created) return id;
      engine.metrics.started(definition.name);
      // With the caller's `em` nothing is committed yet: the caller kicks once it is.
      if (options.em) return id;
      engine.events.emit({ type: 'orchestration', orchestrationId: id, tenantId: options.tenantId, name: definition.name, state: 'RUNNING', error: null, at: new Date() });
      for (const step of due) void engine.machine().kick(step);
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

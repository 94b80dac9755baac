import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { problems } from '@tdss/sdk';
import type { OrchestrationDefinition } from '../definition/orchestration-definition.ts';
import type { WorkflowEngine } from '../engine/create-workflow-engine.ts';
import { stepKey } from '../engine/engine-parts.ts';
import { isUniqueViolation } from '../store/is-unique-violation.ts';
import { OrchestrationEntity, type OrchestrationRow, type StepPhase } from '../store/orchestration-entity.ts';
import { StepEntity } from '../store/step-entity.ts';
import type { StartOptions } from '../tokens.ts';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Stores an orchestration and its steps in one transaction (the caller's, with `em`): the steps
 * without dependencies are due at once, the others wait. Resolves to the id, and whether this
 * call created it (false when the id was started before), the steps due at once and, when
 * created, the orchestration row as written.
 */
export async function startOrchestration(
  engine: WorkflowEngine,
  definition: OrchestrationDefinition,
  input: Record<string, unknown>,
  options: StartOptions,
): Promise<{ id: string; created: boolean; due: string[]; row?: OrchestrationRow }> {
  const id = options.id ?? randomUUID();
  if (!ID.test(id)) throw problems.badRequest(`orchestration id ${JSON.stringify(id)} must be 1 to 128 letters, digits, \`.\`, \`_\`, \`:\` or \`-\``);
  if (typeof options.tenantId !== 'string' || options.tenantId.length === 0 || options.tenantId.length > 128) {
    throw problems.badRequest('an orchestration needs the tenant it works for: a tenantId of 1 to 128 characters');
  }
  if (options.correlationId !== undefined && (typeof options.correlationId !== 'string' || options.correlationId.length > 255)) {
    throw problems.badRequest('a correlationId is a string of at most 255 characters');
  }
  const json = toJsonObject(input);
  const roots = definition.activities.filter((step) => (step.dependsOn ?? []).length === 0).map((step) => step.id);
  const due = roots.map((stepId) => stepKey(id, stepId));
  const write = async (em: EntityManager): Promise<OrchestrationRow | undefined> => {
    if (options.id && (await existing(em, id, definition, options.tenantId))) return undefined;
    const now = new Date();
    const progress: Record<string, StepPhase> = Object.fromEntries(roots.map((stepId) => [stepId, 'released']));
    const row: OrchestrationRow = {
      id,
      tenantId: options.tenantId,
      correlationId: options.correlationId ?? null,
      name: definition.name,
      state: 'RUNNING',
      ending: null,
      error: null,
      definition: definition.activities.map(({ id: stepId, activity, dependsOn, input: params }) => ({ id: stepId, activity, dependsOn: [...(dependsOn ?? [])], ...(params ? { input: params } : {}) })),
      input: json,
      outputs: {},
      progress,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
      version: 1,
    };
    await em.insert(OrchestrationEntity, row);
    const machine = engine.machine();
    await em.insertMany(
      StepEntity,
      definition.activities.map((step, position) => {
        const root = roots.includes(step.id);
        return {
          id: stepKey(id, step.id),
          tenantId: options.tenantId,
          orchestrationId: id,
          stepId: step.id,
          activity: step.activity,
          position,
          attempts: 0,
          compensationAttempts: 0,
          error: null,
          startedAt: root ? now : null,
          finishedAt: null,
          compensatedAt: null,
          ...machine.initial(root ? 'RUNNING' : 'WAITING'),
        };
      }),
    );
    return row;
  };
  const started = (row: OrchestrationRow | undefined) => ({ id, created: row !== undefined, due, ...(row ? { row } : {}) });
  if (options.em) return started(await write(options.em));
  try {
    return started(await engine.db.transactional(write));
  } catch (error) {
    // The same id started at the same moment by another caller: theirs stands.
    if (options.id && isUniqueViolation(error) && (await existing(engine.db.em(), id, definition, options.tenantId))) return { id, created: false, due };
    throw error;
  }
}

async function existing(em: EntityManager, id: string, definition: OrchestrationDefinition, tenantId: string): Promise<boolean> {
  const row = await em.findOne(OrchestrationEntity, { id });
  if (!row) return false;
  if (row.name !== definition.name || row.tenantId !== tenantId) {
    throw problems.conflict(`orchestration id ${id} is taken by another orchestration; start this one with another id`);
  }
  return true;
}

function toJsonObject(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw problems.badRequest('the input of an orchestration must be a JSON object');
  try {
    return JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
  } catch (error) {
    throw problems.badRequest(`the input of an orchestration must be JSON: ${(error as Error).message}`);
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@tdss/sdk';
import type { WorkflowActivity } from '../activity/workflow-activity.ts';
import { recordCall } from './test-activities-plugin.ts';

export interface EffectOptions {
  /** Pause before and after the effect, so that a kill can land on either side of it. */
  delayMs?: number;
  /** Who calls, recorded with each call (a runtime's name or the step machine's owner). */
  owner?: () => string;
}

/**
 * An activity following the contract: its effect is a row keyed by the idempotency key, made
 * through `ctx.once`, and its compensation an undo row made the same way. A second effect for a
 * step would break the key and fail the step.
 */
export function effectActivity(type: string, db: () => Database, options: EffectOptions = {}): WorkflowActivity {
  const owner = options.owner ?? (() => 'test');
  const pause = async () => {
    if (options.delayMs) await sleep(options.delayMs / 2);
  };
  return {
    type,
    async execute(ctx) {
      await recordCall(db(), { orchestrationId: ctx.orchestrationId, stepId: ctx.stepId, kind: 'execute', attempt: ctx.attempt, owner: owner() });
      await pause();
      const made = await ctx.once('effect', async (em) => {
        await db().kysely(em).insertInto('test_wf_effects').values({ effect_key: ctx.idempotencyKey, value: ctx.stepId, at: Date.now() }).execute();
        return { key: ctx.idempotencyKey };
      });
      await pause();
      return made;
    },
    async compensate(ctx) {
      await recordCall(db(), { orchestrationId: ctx.orchestrationId, stepId: ctx.stepId, kind: 'compensate', attempt: ctx.attempt, owner: owner() });
      await ctx.once('undo', async (em) => {
        await db().kysely(em).insertInto('test_wf_undos').values({ effect_key: ctx.idempotencyKey, value: ctx.stepId, at: Date.now() }).execute();
      });
    },
  };
}

/** Six steps, as a tenant's provisioning has: a → (b, c) → d → (e, f). */
export const SIX_STEPS = [
  { id: 'a', activity: 'test.effect' },
  { id: 'b', activity: 'test.effect', dependsOn: ['a'] },
  { id: 'c', activity: 'test.effect', dependsOn: ['a'] },
  { id: 'd', activity: 'test.effect', dependsOn: ['b', 'c'] },
  { id: 'e', activity: 'test.effect', dependsOn: ['d'] },
  { id: 'f', activity: 'test.effect', dependsOn: ['d'] },
];

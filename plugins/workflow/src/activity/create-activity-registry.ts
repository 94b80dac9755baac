import { TdssError } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';
import { PermanentError } from './permanent-error.ts';
import type { WorkflowActivity } from './workflow-activity.ts';

export interface ActivityRegistry {
  has(type: string): boolean;
  /** The activity; throws an error naming a missing type, retried like any (another replica may have it). */
  get(type: string): WorkflowActivity;
  /** Attempts a step of the activity gets; the default for a type missing here. */
  maxAttempts(type: string): number;
  retryable(type: string, error: unknown): boolean;
}

/** The contributed activities by type; a type contributed twice is refused. */
export function createActivityRegistry(contributions: readonly WorkflowActivity[], defaultMaxAttempts: number): ActivityRegistry {
  const byType = new Map<string, WorkflowActivity>();
  for (const activity of contributions) {
    if (typeof activity?.type !== 'string' || typeof activity.execute !== 'function' || typeof activity.compensate !== 'function') {
      throw new TdssError(`a contribution to WorkflowActivities is not an activity: ${JSON.stringify(activity?.type ?? activity)}`, {
        code: 'WORKFLOW_ACTIVITY',
        plugin: PLUGIN_NAME,
        hint: 'contribute `{ type, execute(ctx), compensate(ctx) }` (see WorkflowActivity in @tdss/workflow)',
      });
    }
    if (byType.has(activity.type)) {
      throw new TdssError(`activity type ${JSON.stringify(activity.type)} is contributed twice to WorkflowActivities`, {
        code: 'WORKFLOW_ACTIVITY',
        plugin: PLUGIN_NAME,
        hint: 'activity types are unique in a runtime: prefix them with the contributing plugin, e.g. `identity.create-did`',
      });
    }
    byType.set(activity.type, activity);
  }
  return {
    has: (type) => byType.has(type),
    get(type) {
      const activity = byType.get(type);
      if (activity) return activity;
      throw new Error(`activity type ${JSON.stringify(type)} is not contributed by any plugin of this runtime; add the plugin that contributes it to the profile`);
    },
    maxAttempts: (type) => byType.get(type)?.retry?.maxAttempts ?? defaultMaxAttempts,
    retryable(type, error) {
      if (error instanceof PermanentError) return false;
      return byType.get(type)?.retry?.retryable?.(error) ?? true;
    },
  };
}

import type { OrchestrationState } from '../store/orchestration-entity.ts';
import type { StepState } from '../store/step-entity.ts';

/**
 * A change this runtime made to an orchestration or one of its steps. Replicas each hear of their
 * own changes only: poll `Workflows.get` to follow an orchestration across replicas.
 */
export type WorkflowEvent =
  | {
      readonly type: 'orchestration';
      readonly orchestrationId: string;
      readonly tenantId: string;
      readonly name: string;
      readonly state: OrchestrationState;
      readonly error: string | null;
      readonly at: Date;
    }
  | {
      readonly type: 'step';
      readonly orchestrationId: string;
      readonly tenantId: string;
      readonly stepId: string;
      readonly activity: string;
      readonly state: StepState;
      /** Attempts of the step's execution (or compensation) that ended so far. */
      readonly attempts: number;
      /** The error of the attempt that just failed, when this event is about a failure. */
      readonly error: string | null;
      readonly at: Date;
    };

export type WorkflowListener = (event: WorkflowEvent) => void;

import type { Logger } from '@tdss/sdk';
import type { WorkflowEvent, WorkflowListener } from './workflow-event.ts';

export interface EventHub {
  subscribe(listener: WorkflowListener): () => void;
  emit(event: WorkflowEvent): void;
}

/** In-process listeners; a listener that throws is logged and never disturbs the step that emitted. */
export function createEventHub(logger: Logger): EventHub {
  const listeners = new Set<WorkflowListener>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          logger.warn({ err: error, orchestrationId: event.orchestrationId }, 'a workflow listener threw; ignored');
        }
      }
    },
  };
}

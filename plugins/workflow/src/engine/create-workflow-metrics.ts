import type { Metrics } from '@tdss/sdk';
import { Counter, Histogram } from 'prom-client';

export type StepOutcome = 'completed' | 'retried' | 'failed' | 'skipped' | 'compensated' | 'compensation_retried' | 'compensation_failed';

export interface WorkflowMetrics {
  started(orchestration: string): void;
  ended(orchestration: string, state: string, seconds: number): void;
  step(activity: string, outcome: StepOutcome, seconds?: number): void;
}

const SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

/** Counters and histograms in the runtime's registry; each is created once per registry. */
export function createWorkflowMetrics(registry: Metrics): WorkflowMetrics {
  const find = <M>(name: string, create: () => M): M => (registry.getSingleMetric(name) as M | undefined) ?? create();
  const started = find(
    'tdss_workflow_orchestrations_started_total',
    () => new Counter({ name: 'tdss_workflow_orchestrations_started_total', help: 'Orchestrations started, by orchestration name.', labelNames: ['orchestration'], registers: [registry] }),
  );
  const ended = find(
    'tdss_workflow_orchestrations_ended_total',
    () => new Counter({ name: 'tdss_workflow_orchestrations_ended_total', help: 'Orchestrations that ended, by name and end state.', labelNames: ['orchestration', 'state'], registers: [registry] }),
  );
  const duration = find(
    'tdss_workflow_orchestration_seconds',
    () =>
      new Histogram({
        name: 'tdss_workflow_orchestration_seconds',
        help: 'Time from an orchestration start to its end, by name and end state.',
        labelNames: ['orchestration', 'state'],
        buckets: SECONDS,
        registers: [registry],
      }),
  );
  const steps = find(
    'tdss_workflow_steps_total',
    () =>
      new Counter({
        name: 'tdss_workflow_steps_total',
        help: 'Step attempts and their outcome (completed, retried, failed, skipped, compensated, compensation_retried, compensation_failed), by activity.',
        labelNames: ['activity', 'outcome'],
        registers: [registry],
      }),
  );
  const stepSeconds = find(
    'tdss_workflow_step_seconds',
    () =>
      new Histogram({
        name: 'tdss_workflow_step_seconds',
        help: 'Time an activity took to execute or compensate, by activity and outcome.',
        labelNames: ['activity', 'outcome'],
        buckets: SECONDS,
        registers: [registry],
      }),
  );
  return {
    started: (orchestration) => started.inc({ orchestration }),
    ended(orchestration, state, seconds) {
      ended.inc({ orchestration, state });
      duration.observe({ orchestration, state }, seconds);
    },
    step(activity, outcome, seconds) {
      steps.inc({ activity, outcome });
      if (seconds !== undefined) stepSeconds.observe({ activity, outcome }, seconds);
    },
  };
}

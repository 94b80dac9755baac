/**
 * Progress for logs and pipes: one line whenever the tenant's state or one of its steps changes
 * (state or attempt), so the output reads as a history and never repeats itself.
 */
import type { ProgressView } from './progress-view.ts';
import { describeStep, stepMark, stepWidths } from './step-status.ts';

export function createProgressLines(write: (line: string) => void): ProgressView {
  let tenantState: string | undefined;
  let orchestrationId: string | undefined;
  const seen = new Map<string, string>();
  return {
    update(tenant) {
      const orchestration = tenant.orchestration;
      if (orchestration && orchestration.id !== orchestrationId) {
        orchestrationId = orchestration.id;
        tenantState = tenant.state;
        write(`tenant ${tenant.id}: ${tenant.state}, workflow ${orchestration.id} (${orchestration.name})`);
      }
      if (orchestration) {
        const widths = stepWidths(orchestration.steps);
        for (const step of orchestration.steps) {
          const key = `${orchestration.id}/${step.id}`;
          const now = `${step.state}/${step.attempts}/${step.error ?? ''}`;
          if (seen.get(key) === now) continue;
          seen.set(key, now);
          // A step waiting for its turn is news only once it moves.
          if (step.state === 'WAITING' && step.attempts === 0) continue;
          write(`  ${stepMark(step)} ${describeStep(step, Date.now(), widths)}`);
        }
      }
      if (tenant.state !== tenantState) {
        tenantState = tenant.state;
        write(`tenant ${tenant.id}: ${tenant.state}`);
      }
    },
    notice: (text) => write(text),
    finish() {},
  };
}

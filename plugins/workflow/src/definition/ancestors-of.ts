import type { StepDefinition } from './orchestration-definition.ts';

/** The steps `stepId` depends on, directly or through other steps. */
export function ancestorsOf(steps: readonly StepDefinition[], stepId: string): Set<string> {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const found = new Set<string>();
  const pending = [...(byId.get(stepId)?.dependsOn ?? [])];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    pending.push(...(byId.get(id)?.dependsOn ?? []));
  }
  return found;
}

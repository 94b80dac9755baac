import type { StepDefinition } from './orchestration-definition.ts';

/**
 * A dependency cycle among the steps, as the ids along it with the first repeated at the end
 * (`a → b → a`), or undefined when the steps form a DAG. Every `dependsOn` must name a step.
 */
export function findCycle(steps: readonly StepDefinition[]): string[] | undefined {
  const dependsOn = new Map(steps.map((step) => [step.id, step.dependsOn ?? []]));
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();

  const visit = (id: string): string[] | undefined => {
    if (onPath.has(id)) return [...path.slice(path.indexOf(id)), id];
    if (done.has(id)) return undefined;
    onPath.add(id);
    path.push(id);
    for (const dependency of dependsOn.get(id) ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(id);
    done.add(id);
    return undefined;
  };

  for (const step of steps) {
    const cycle = visit(step.id);
    if (cycle) return cycle;
  }
  return undefined;
}

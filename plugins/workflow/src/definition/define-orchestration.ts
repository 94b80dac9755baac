import { TdssError } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';
import { findCycle } from './find-cycle.ts';
import type { OrchestrationDefinition } from './orchestration-definition.ts';

const STEP_ID = /^[A-Za-z0-9._-]{1,64}$/;
const NAME = /^[A-Za-z0-9._:-]{1,128}$/;

function invalid(name: string, problem: string, hint: string): TdssError {
  return new TdssError(`orchestration ${JSON.stringify(name)}: ${problem}`, { code: 'WORKFLOW_DEFINITION', plugin: PLUGIN_NAME, hint });
}

/**
 * Checks an orchestration's shape — names, step ids, dependencies, cycles — and returns it
 * frozen. Activity types are checked against the contributed activities when the workflow plugin
 * starts (for contributed definitions) or when the orchestration is started.
 */
export function defineOrchestration<D extends OrchestrationDefinition>(definition: D): D {
  const name = String(definition?.name ?? '');
  if (!NAME.test(name)) {
    throw invalid(name, 'the name must be 1 to 128 letters, digits, `.`, `_`, `:` or `-`', 'give the orchestration a name like `provision-tenant`');
  }
  const steps = definition.activities;
  if (!Array.isArray(steps) || steps.length === 0) {
    throw invalid(name, 'it has no activities', 'list at least one step in `activities`');
  }
  const seen = new Set<string>();
  for (const step of steps) {
    if (typeof step?.id !== 'string' || !STEP_ID.test(step.id)) {
      throw invalid(name, `step id ${JSON.stringify(step?.id)} is not valid`, 'use 1 to 64 letters, digits, `.`, `_` or `-` for step ids');
    }
    if (seen.has(step.id)) throw invalid(name, `step id ${JSON.stringify(step.id)} is used twice`, 'give every step its own id');
    seen.add(step.id);
    if (typeof step.activity !== 'string' || step.activity.length === 0) {
      throw invalid(name, `step ${JSON.stringify(step.id)} names no activity`, 'set `activity` to a type contributed to WorkflowActivities');
    }
    if (step.input !== undefined && (typeof step.input !== 'object' || step.input === null || Array.isArray(step.input))) {
      throw invalid(name, `the input of step ${JSON.stringify(step.id)} is not an object`, 'give `input` as a JSON object or leave it out');
    }
  }
  for (const step of steps) {
    for (const dependency of step.dependsOn ?? []) {
      if (!seen.has(dependency)) {
        throw invalid(name, `step ${JSON.stringify(step.id)} depends on ${JSON.stringify(dependency)}, which is not a step of it`, `add a step with id ${JSON.stringify(dependency)} or fix \`dependsOn\``);
      }
      if (dependency === step.id) throw invalid(name, `step ${JSON.stringify(step.id)} depends on itself`, 'remove it from its own `dependsOn`');
    }
  }
  const cycle = findCycle(steps);
  if (cycle) throw invalid(name, `its steps depend on each other in a cycle: ${cycle.join(' → ')}`, 'break the cycle: dependencies must form a DAG');
  return Object.freeze({ ...definition, activities: Object.freeze(steps.map((step) => Object.freeze({ ...step, dependsOn: Object.freeze([...(step.dependsOn ?? [])]) }))) });
}

/** Refuses a definition naming an activity type that no plugin of the runtime contributes. */
export function checkActivityTypes(definition: OrchestrationDefinition, known: (type: string) => boolean): void {
  const unknown = [...new Set(definition.activities.map((step) => step.activity).filter((type) => !known(type)))];
  if (unknown.length === 0) return;
  const steps = definition.activities.filter((step) => unknown.includes(step.activity)).map((step) => step.id);
  throw invalid(
    definition.name,
    `unknown activity type${unknown.length > 1 ? 's' : ''} ${unknown.map((type) => JSON.stringify(type)).join(', ')} (step${steps.length > 1 ? 's' : ''} ${steps.join(', ')})`,
    'add the plugin that contributes it to WorkflowActivities to the profile, or fix the type',
  );
}

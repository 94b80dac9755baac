/**
 * Reads Permission, Prohibition and Duty objects (DSP 2025-1 contract-schema.json definitions
 * Rule, Permission, Prohibition and Duty).
 */
import type { Duty, Permission, Prohibition } from '../model/policy.ts';
import { readConstraints } from './parse-constraint.ts';
import { isObject, listOf, type Located, odrlMember, type ParseState, readTerm, report, describe } from './parse-state.ts';

export function readPermission(located: Located, state: ParseState): Permission | undefined {
  const node = ruleObject(located, state, 'permission');
  if (!node) return undefined;
  const before = state.issues.length;
  const action = readAction(node, located.path, state);
  const constraint = readConstraints(odrlMember(node, 'constraint', located.path, state), state);
  const duty = listOf(odrlMember(node, 'duty', located.path, state)).flatMap((item) => readDuty(item, state) ?? []);
  return state.issues.length > before || action === undefined ? undefined : { action, constraint, duty };
}

export function readProhibition(located: Located, state: ParseState): Prohibition | undefined {
  const node = ruleObject(located, state, 'prohibition');
  if (!node) return undefined;
  const before = state.issues.length;
  if (odrlMember(node, 'duty', located.path, state)) {
    report(state, located.path, 'a prohibition has no duties in ODRL 2.2; move them to a permission or the policy obligation');
  }
  const action = readAction(node, located.path, state);
  const constraint = readConstraints(odrlMember(node, 'constraint', located.path, state), state);
  return state.issues.length > before || action === undefined ? undefined : { action, constraint };
}

export function readDuty(located: Located, state: ParseState): Duty | undefined {
  const node = ruleObject(located, state, 'duty');
  if (!node) return undefined;
  const before = state.issues.length;
  const action = readAction(node, located.path, state);
  const constraint = readConstraints(odrlMember(node, 'constraint', located.path, state), state);
  return state.issues.length > before || action === undefined ? undefined : { action, constraint };
}

function ruleObject(located: Located, state: ParseState, what: string): Record<string, unknown> | undefined {
  const { value, path } = located;
  if (!isObject(value)) return report(state, path, `expected a ${what} object, found ${describe(value)}`);
  if (odrlMember(value, 'target', path, state)) {
    // DSP 2025-1 §Contract Offer/Request/Agreement Message: rules inherit the policy's target.
    report(state, path, 'DSP 2025-1 forbids target on rules (the policy target applies to all of them); remove it');
  }
  return value;
}

function readAction(node: Record<string, unknown>, path: string, state: ParseState): string | undefined {
  const action = odrlMember(node, 'action', path, state);
  if (!action) return report(state, path, 'action is missing');
  const value = Array.isArray(action.value) && action.value.length === 1 ? action.value[0] : action.value;
  if (isObject(value) && (odrlMember(value, 'refinement', action.path, state) || Object.hasOwn(value, 'rdf:value'))) {
    return report(state, action.path, 'action refinements are not part of the DSP 2025-1 profile (Action is a string); express the condition as a constraint');
  }
  return readTerm({ value, path: action.path }, state, 'action');
}

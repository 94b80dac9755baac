/**
 * Finds the function for a left operand or duty action in a scope. Contributed functions replace
 * built-in ones with the same exact term; two contributions for the same term and scope are a
 * configuration error, raised when the engine is created rather than at the first evaluation.
 */
import { TdssError } from '@tdss/sdk';
import { POLICY_SCOPES, type PolicyScope } from '../model/evaluation.ts';
import { normalTerm } from '../parse/odrl-terms.ts';
import { PLUGIN_NAME } from '../plugin-name.ts';
import { type DutyFunction, isDutyFunction, type LeftOperandFunction, type PolicyFunction } from '../functions/policy-function.ts';

export interface FunctionRegistry {
  leftOperand(term: string, scope: PolicyScope): LeftOperandFunction | undefined;
  duty(action: string, scope: PolicyScope): DutyFunction | undefined;
}

interface Layer {
  readonly exact: Map<string, PolicyFunction>;
  readonly patterns: Array<{ pattern: RegExp; fn: LeftOperandFunction }>;
}

export function createFunctionRegistry(builtins: readonly PolicyFunction[], contributed: readonly PolicyFunction[]): FunctionRegistry {
  const layers = new Map<PolicyScope, { contributed: Layer; builtin: Layer }>(
    POLICY_SCOPES.map((scope) => [scope, { contributed: emptyLayer(), builtin: emptyLayer() }]),
  );
  const add = (fn: PolicyFunction, which: 'contributed' | 'builtin') => {
    check(fn);
    for (const scope of fn.scopes) {
      const layer = layers.get(scope)![which];
      if (!isDutyFunction(fn) && fn.leftOperand instanceof RegExp) {
        // A global or sticky pattern keeps state between test() calls; matching must not.
        layer.patterns.push({ pattern: new RegExp(fn.leftOperand.source, fn.leftOperand.flags.replace(/[gy]/g, '')), fn });
        continue;
      }
      const key = keyOf(fn);
      const existing = layer.exact.get(key);
      if (existing && which === 'contributed') throw duplicate(key, scope, existing, fn);
      layer.exact.set(key, fn);
    }
  };
  builtins.forEach((fn) => add(fn, 'builtin'));
  contributed.forEach((fn) => add(fn, 'contributed'));

  const find = (key: string, scope: PolicyScope, term?: string): PolicyFunction | undefined => {
    const { contributed: own, builtin } = layers.get(scope)!;
    for (const layer of [own, builtin]) {
      const exact = layer.exact.get(key);
      if (exact) return exact;
    }
    if (term === undefined) return undefined;
    for (const layer of [own, builtin]) {
      const match = layer.patterns.find((p) => p.pattern.test(term));
      if (match) return match.fn;
    }
    return undefined;
  };

  return {
    leftOperand: (term, scope) => find(`left:${normalTerm(term)}`, scope, normalTerm(term)) as LeftOperandFunction | undefined,
    duty: (action, scope) => find(`duty:${normalTerm(action)}`, scope) as DutyFunction | undefined,
  };
}

function emptyLayer(): Layer {
  return { exact: new Map(), patterns: [] };
}

function keyOf(fn: PolicyFunction): string {
  return isDutyFunction(fn) ? `duty:${normalTerm(fn.dutyAction)}` : `left:${normalTerm(fn.leftOperand as string)}`;
}

function nameOf(fn: PolicyFunction): string {
  return isDutyFunction(fn) ? `duty action ${fn.dutyAction}` : `leftOperand ${String(fn.leftOperand)}`;
}

function check(fn: PolicyFunction): void {
  const unknown = fn.scopes.filter((scope) => !(POLICY_SCOPES as readonly string[]).includes(scope));
  if (fn.scopes.length === 0 || unknown.length > 0) {
    throw new TdssError(`the policy function for ${nameOf(fn)} has ${fn.scopes.length === 0 ? 'no scopes' : `unknown scopes ${unknown.join(', ')}`}`, {
      code: 'POLICY_FUNCTION_SCOPE',
      plugin: PLUGIN_NAME,
      hint: `list one or more of ${POLICY_SCOPES.join(', ')} in its \`scopes\``,
    });
  }
}

function duplicate(key: string, scope: PolicyScope, first: PolicyFunction, second: PolicyFunction): TdssError {
  return new TdssError(`two policy functions serve ${nameOf(second)} in scope ${scope}: "${first.description}" and "${second.description}"`, {
    code: 'POLICY_FUNCTION_DUPLICATE',
    plugin: PLUGIN_NAME,
    hint: `keep one of the plugins that contribute ${key.slice(key.indexOf(':') + 1)}, or give them different scopes`,
  });
}

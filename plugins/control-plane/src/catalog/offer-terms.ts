/**
 * A contract policy as a catalog offers it: the parsed ODRL policy written back in the compact DSP
 * 2025-1 form (bare ODRL terms, arrays for sets), whatever form the policy definition was stored
 * in, so that equal policies give equal offers and equal nonces.
 */
import { createHash } from 'node:crypto';
import type { Constraint, Duty, Offer, Permission as DspRule } from '@tdss/json-ld';
import type { Constraint as PolicyConstraint, Duty as PolicyDuty, Permission, Policy, Prohibition, RightOperand } from '@tdss/policy-engine';

/** An Offer without its `@id`, which names the asset and contract definition it is made for. */
export type OfferTerms = Omit<Offer, '@id' | '@type'>;

/** Undefined when the policy has neither permission nor prohibition, which a DSP Offer needs. */
export function offerTermsOf(policy: Policy): OfferTerms | undefined {
  if (policy.permission.length === 0 && policy.prohibition.length === 0) return undefined;
  return {
    ...(policy.profile.length ? { profile: [...policy.profile] } : {}),
    ...(policy.permission.length ? { permission: policy.permission.map(rule) } : {}),
    ...(policy.prohibition.length ? { prohibition: policy.prohibition.map(rule) } : {}),
    ...(policy.obligation.length ? { obligation: policy.obligation.map(duty) } : {}),
  };
}

/**
 * 16 hex digits of the SHA-256 of the terms with sorted keys: the same policy always gives the same
 * offer ids, and a changed policy gives new ones, so an offer taken from an old catalog is known
 * to be stale.
 */
export function offerNonce(terms: OfferTerms): string {
  return createHash('sha256').update(stableJson(terms)).digest('hex').slice(0, 16);
}

function rule(source: Permission | Prohibition): DspRule {
  const duties = 'duty' in source ? source.duty : [];
  return {
    action: source.action,
    ...(source.constraint.length ? { constraint: source.constraint.map(constraint) } : {}),
    ...(duties.length ? { duty: duties.map(duty) } : {}),
  };
}

function duty(source: PolicyDuty): Duty {
  return { action: source.action, ...(source.constraint.length ? { constraint: source.constraint.map(constraint) } : {}) };
}

function constraint(source: PolicyConstraint): Constraint {
  if (source.kind === 'logical') return { [source.operator]: source.constraints.map(constraint) };
  return { leftOperand: source.leftOperand, operator: source.operator, rightOperand: rightOperand(source.rightOperand) as never };
}

/**
 * The DSP schema takes a string, object or array as right operand, so a bare number or boolean
 * becomes a typed literal, which the policy engine compares as the same number or boolean, and
 * which JSON-LD compaction keeps an object (a plain `{ "@value": 3 }` would compact back to 3).
 */
function rightOperand(value: RightOperand): unknown {
  if (typeof value === 'boolean') return { '@value': String(value), '@type': 'xsd:boolean' };
  if (typeof value === 'number') return { '@value': String(value), '@type': Number.isInteger(value) ? 'xsd:integer' : 'xsd:double' };
  return value;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

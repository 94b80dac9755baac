/**
 * What plugins contribute to PolicyFunctions: left-operand functions that produce the value a
 * constraint compares, and duty functions that say whether an applicable duty is fulfilled.
 * Functions run synchronously on facts the caller put in the context (claims the identity layer
 * verified, the agreement, ...), so evaluating a large catalog stays cheap and predictable.
 */
import type { PolicyContext, PolicyScope } from '../model/evaluation.ts';
import type { Duty, Policy } from '../model/policy.ts';
import type { RuleRef } from '../engine/policy-decision.ts';
import type { IsA } from '../operators/apply-operator.ts';

export interface PolicyFunctionInput {
  readonly scope: PolicyScope;
  readonly context: PolicyContext;
  readonly policy: Policy;
  readonly rule: RuleRef;
  /** The left operand as the policy names it, in normal form (`dateTime`, `dspace:participantId`). */
  readonly leftOperand: string;
  /** The evaluation's instant: every function of one evaluation sees the same. */
  readonly now: Date;
}

export interface LeftOperandFunction {
  /**
   * The left operand it serves: an exact term (`dateTime`, `dspace:participantId`) or a pattern
   * for a family of them (credential claims). An exact term wins over a pattern.
   */
  readonly leftOperand: string | RegExp;
  readonly scopes: readonly PolicyScope[];
  /** One line for logs and listings. */
  readonly description: string;
  /**
   * The value to compare: string, number, boolean, Date, an array (a set), `{ "@id" }`,
   * `{ "@value", "@type" }`, or elapsedTime() / anyValue() / missingValue(). `undefined` means
   * no value. A function that throws counts as having no value.
   */
  resolve(input: PolicyFunctionInput): unknown;
  /** The type hierarchy the `isA` operator uses for this left operand's values. */
  readonly isA?: IsA;
}

export interface DutyFunctionInput {
  readonly scope: PolicyScope;
  readonly context: PolicyContext;
  readonly policy: Policy;
  readonly rule: RuleRef;
  readonly duty: Duty;
  readonly now: Date;
}

export type DutyFulfilment = { readonly fulfilled: true } | { readonly fulfilled: false; readonly reason: string };

export interface DutyFunction {
  /** The duty action it checks, in normal form (`compensate`, `delete`, or a profile's IRI). */
  readonly dutyAction: string;
  readonly scopes: readonly PolicyScope[];
  readonly description: string;
  fulfilled(input: DutyFunctionInput): DutyFulfilment;
}

export type PolicyFunction = LeftOperandFunction | DutyFunction;

export function isDutyFunction(fn: PolicyFunction): fn is DutyFunction {
  return 'dutyAction' in fn;
}

/**
 * ODRL 2.2 logical operands ("Logical Constraint Class") over four-state outcomes. An undecidable child makes the
 * whole undecidable only when the decided children do not settle it (false ∧ ? = false,
 * true ∨ ? = true). Ignored children are left out, as if the constraint were not written.
 */
import { IGNORED, type Outcome } from './outcome.ts';

const counted = (outcomes: readonly Outcome[]) => outcomes.filter((o) => o.state !== 'ignored');
const checksOf = (outcomes: readonly Outcome[]) => outcomes.flatMap((o) => o.checks);
const inState = (outcomes: readonly Outcome[], state: Outcome['state']) => outcomes.filter((o) => o.state === state);

/** `and`, and the implicit conjunction of a rule's constraints. */
export function allOf(outcomes: readonly Outcome[]): Outcome {
  const relevant = counted(outcomes);
  if (relevant.length === 0) return IGNORED;
  const unsatisfied = inState(relevant, 'unsatisfied');
  const errors = inState(relevant, 'error');
  if (unsatisfied.length > 0) return { state: 'unsatisfied', checks: checksOf([...unsatisfied, ...errors]) };
  if (errors.length > 0) return { state: 'error', checks: checksOf(errors) };
  return { state: 'satisfied', checks: checksOf(relevant) };
}

export function anyOf(outcomes: readonly Outcome[]): Outcome {
  const relevant = counted(outcomes);
  if (relevant.length === 0) return IGNORED;
  const satisfied = inState(relevant, 'satisfied');
  if (satisfied.length > 0) return { state: 'satisfied', checks: checksOf(satisfied) };
  return { state: inState(relevant, 'error').length > 0 ? 'error' : 'unsatisfied', checks: checksOf(relevant) };
}

export function exactlyOneOf(outcomes: readonly Outcome[], path: string): Outcome {
  const relevant = counted(outcomes);
  if (relevant.length === 0) return IGNORED;
  const satisfied = inState(relevant, 'satisfied');
  const errors = inState(relevant, 'error');
  if (satisfied.length > 1) {
    const paths = [...new Set(checksOf(satisfied).map((c) => c.path))].join(', ');
    return {
      state: 'unsatisfied',
      checks: [{ path, operator: 'xone', code: 'unsatisfied', reason: `xone: ${satisfied.length} of its constraints hold (${paths}); exactly one must` }],
    };
  }
  if (errors.length > 0) return { state: 'error', checks: checksOf(errors) };
  return satisfied.length === 1 ? { state: 'satisfied', checks: checksOf(satisfied) } : { state: 'unsatisfied', checks: checksOf(relevant) };
}

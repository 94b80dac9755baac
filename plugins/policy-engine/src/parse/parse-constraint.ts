/**
 * Reads Constraint and LogicalConstraint objects (DSP 2025-1 contract-schema.json definitions
 * AtomicConstraint and LogicalConstraint).
 */
import {
  type Constraint,
  LOGICAL_OPERATORS,
  type LogicalOperator,
  OPERATORS,
  type Operator,
  type RightOperand,
} from '../model/policy.ts';
import { readRightOperand } from '../values/read-value.ts';
import { itemPath } from './json-path.ts';
import { isObject, listOf, type Located, odrlMember, type ParseState, readTerm, report, describe } from './parse-state.ts';

/** Deeper nesting is no real policy; refusing it keeps hostile input from exhausting the stack. */
const MAX_DEPTH = 32;

export function readConstraints(located: Located | undefined, state: ParseState, depth = 0): Constraint[] {
  return listOf(located).flatMap((item) => {
    const constraint = readConstraint(item, state, depth);
    return constraint ? [constraint] : [];
  });
}

function readConstraint(located: Located, state: ParseState, depth: number): Constraint | undefined {
  const { value: node, path } = located;
  if (!isObject(node)) return report(state, path, `expected a constraint object, found ${describe(node)}`);
  if (depth >= MAX_DEPTH) return report(state, path, `constraints nest deeper than ${MAX_DEPTH} levels`);

  const logical = LOGICAL_OPERATORS.flatMap((operator) => {
    const operand = odrlMember(node, operator, path, state);
    return operand ? [{ operator, operand }] : [];
  });
  const leftOperand = odrlMember(node, 'leftOperand', path, state);
  const operator = odrlMember(node, 'operator', path, state);
  const rightOperand = odrlMember(node, 'rightOperand', path, state);

  if (logical.length > 0) {
    if (logical.length > 1) {
      return report(state, path, `a logical constraint has exactly one of and, or, xone, andSequence; found ${logical.map((l) => l.operator).join(', ')}`);
    }
    if (leftOperand || operator || rightOperand) {
      return report(state, path, 'a constraint is either logical (and/or/xone/andSequence) or atomic (leftOperand, operator, rightOperand), not both');
    }
    return readLogical(logical[0]!.operator, logical[0]!.operand, state, depth);
  }

  if (!leftOperand && !operator && !rightOperand) {
    const keys = Object.keys(node).join(', ') || 'none';
    return report(state, path, `not a constraint: expected leftOperand, operator and rightOperand, or one of ${LOGICAL_OPERATORS.join(', ')}; found keys ${keys}`);
  }
  if (odrlMember(node, 'rightOperandReference', path, state)) {
    report(state, path, 'rightOperandReference is not supported: give the value itself as rightOperand');
  }
  if (odrlMember(node, 'unit', path, state)) {
    report(state, path, 'unit is not supported (functions compare plain values): state the rightOperand in the unit the leftOperand uses');
  }
  if (!leftOperand) report(state, path, 'leftOperand is missing');
  if (!operator) report(state, path, 'operator is missing');
  if (!rightOperand) report(state, path, 'rightOperand is missing');
  const left = leftOperand && readTerm(leftOperand, state, 'leftOperand');
  const op = operator && readOperator(operator, state);
  const right = rightOperand && readRight(rightOperand, state);
  if (left === undefined || op === undefined || right === undefined) return undefined;
  return { kind: 'atomic', leftOperand: left, operator: op, rightOperand: right };
}

function readLogical(operator: LogicalOperator, operand: Located, state: ParseState, depth: number): Constraint | undefined {
  const before = state.issues.length;
  const constraints = readConstraints(operand, state, depth + 1);
  if (listOf(operand).length === 0) return report(state, operand.path, `${operator} needs at least one constraint`);
  return state.issues.length > before ? undefined : { kind: 'logical', operator, constraints };
}

function readOperator(located: Located, state: ParseState): Operator | undefined {
  const term = readTerm(located, state, 'operator');
  if (term === undefined) return undefined;
  if ((OPERATORS as readonly string[]).includes(term)) return term as Operator;
  return report(state, located.path, `unknown operator "${term}"; the DSP 2025-1 profile has ${OPERATORS.join(', ')}`);
}

function readRight(located: Located, state: ParseState): RightOperand | undefined {
  const items = Array.isArray(located.value)
    ? located.value.map((value, index) => ({ value, path: itemPath(located.path, index) }))
    : [located];
  const before = state.issues.length;
  for (const item of items) {
    const value = Array.isArray(item.value) ? { unreadable: 'a list inside a list' } : readRightOperand(item.value as RightOperand);
    if ('unreadable' in value) report(state, item.path, `invalid rightOperand: ${value.unreadable}`);
  }
  return state.issues.length > before ? undefined : (located.value as RightOperand);
}

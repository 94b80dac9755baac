/** Renders operands and values for failure reasons and API responses. */
import type { RightOperand, RightOperandValue } from '../model/policy.ts';
import { isAnyValue, isElapsedTime } from '../values/left-value.ts';

export function describeOperand(operand: RightOperand): string {
  return Array.isArray(operand) ? `[${operand.map(describeOne).join(', ')}]` : describeOne(operand as RightOperandValue);
}

function describeOne(value: RightOperandValue): string {
  if (typeof value !== 'object') return JSON.stringify(value);
  if ('@id' in value) return `<${value['@id']}>`;
  return value['@type'] ? `${JSON.stringify(value['@value'])}^^${value['@type']}` : JSON.stringify(value['@value']);
}

/** A function's result as JSON: dates as ISO strings, an elapsed time as its two instants. */
export function jsonReady(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (isElapsedTime(value)) return { from: jsonReady(value.from), to: jsonReady(value.to) };
  if (isAnyValue(value)) return value.values.map(jsonReady);
  if (Array.isArray(value)) return value.map(jsonReady);
  return value;
}

export function describeActual(value: unknown): string {
  if (isElapsedTime(value)) return `the time elapsed from ${value.from.toISOString()} to ${value.to.toISOString()}`;
  const json = JSON.stringify(jsonReady(value)) ?? String(value);
  return isAnyValue(value) ? `any of ${json}` : json;
}

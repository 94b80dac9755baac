/**
 * Turns right operands and function results into Values. Nothing here throws: what cannot be
 * read is reported as Unreadable and ends as a type-mismatch failure.
 */
import type { RightOperand } from '../model/policy.ts';
import { isElapsedTime } from './left-value.ts';
import { readTypedLiteral } from './typed-literal.ts';
import type { Unreadable, Value } from './value.ts';

export function readRightOperand(operand: RightOperand): Value | Unreadable {
  return readJson(operand, true);
}

/** Reads what a left-operand function returned (after AnyValue and MissingValue are handled). */
export function readLeftValue(raw: unknown): Value | Unreadable {
  if (raw instanceof Date) {
    return Number.isNaN(raw.getTime()) ? { unreadable: 'the function returned an invalid Date' } : { kind: 'dateTime', ms: raw.getTime() };
  }
  if (isElapsedTime(raw)) return { kind: 'elapsed', from: raw.from.getTime(), to: raw.to.getTime() };
  return readJson(raw, true);
}

function readJson(raw: unknown, allowList: boolean): Value | Unreadable {
  if (typeof raw === 'string') return { kind: 'string', value: raw };
  if (typeof raw === 'number') return Number.isFinite(raw) ? { kind: 'number', value: raw } : { unreadable: `${raw} is not a finite number` };
  if (typeof raw === 'boolean') return { kind: 'boolean', value: raw };
  if (Array.isArray(raw)) {
    if (!allowList) return { unreadable: 'a list inside a list' };
    const items: Value[] = [];
    for (const item of raw) {
      const value = item instanceof Date ? readLeftValue(item) : readJson(item, false);
      if ('unreadable' in value) return value;
      items.push(value);
    }
    return { kind: 'list', items };
  }
  if (typeof raw === 'object' && raw !== null) {
    const node = raw as Record<string, unknown>;
    if (typeof node['@id'] === 'string') return { kind: 'string', value: node['@id'] };
    const literal = node['@value'];
    const type = node['@type'];
    if ((typeof literal === 'string' || typeof literal === 'number' || typeof literal === 'boolean') && (type === undefined || typeof type === 'string')) {
      return readTypedLiteral(literal, type);
    }
    return { unreadable: 'an object that is neither a literal ({"@value"}) nor a reference ({"@id"})' };
  }
  return { unreadable: raw === null ? 'null' : `a value of type ${typeof raw}` };
}

/**
 * Reads `{ "@value": …, "@type": "xsd:…" }` right operands. The xsd datatype decides how the
 * value compares; an unknown datatype compares as a string.
 */
import { parseIsoDate } from './iso-date.ts';
import { parseDuration } from './iso-duration.ts';
import { numericString, type Unreadable, type Value } from './value.ts';

const XSD = 'http://www.w3.org/2001/XMLSchema#';

const NUMERIC = new Set([
  'decimal', 'integer', 'double', 'float', 'long', 'int', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger',
  'negativeInteger', 'nonPositiveInteger', 'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte',
]);
const DATES = new Set(['dateTime', 'dateTimeStamp', 'date']);
const DURATIONS = new Set(['duration', 'dayTimeDuration', 'yearMonthDuration']);

function xsdName(type: string): string | undefined {
  if (type.startsWith('xsd:')) return type.slice(4);
  if (type.startsWith(XSD)) return type.slice(XSD.length);
  return undefined;
}

export function readTypedLiteral(value: string | number | boolean, type: string | undefined): Value | Unreadable {
  const name = type === undefined ? undefined : xsdName(type);
  const text = String(value);
  if (name !== undefined && NUMERIC.has(name)) {
    const number = typeof value === 'number' ? value : numericString(text);
    return number === undefined ? { unreadable: `"${text}" is not a number (${type})` } : { kind: 'number', value: number };
  }
  if (name !== undefined && DATES.has(name)) {
    const instant = parseIsoDate(text);
    return instant ?? { unreadable: `"${text}" is not an ISO 8601 date or date-time (${type})` };
  }
  if (name !== undefined && DURATIONS.has(name)) {
    const duration = parseDuration(text);
    return duration ? { kind: 'duration', duration, text } : { unreadable: `"${text}" is not an ISO 8601 duration (${type})` };
  }
  if (name === 'boolean') {
    if (text === 'true' || text === '1') return { kind: 'boolean', value: true };
    if (text === 'false' || text === '0') return { kind: 'boolean', value: false };
    return { unreadable: `"${text}" is not a boolean (${type})` };
  }
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  return { kind: 'string', value: text };
}

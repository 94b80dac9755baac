/**
 * What a left-operand function may return besides plain values (string, number, boolean, Date,
 * arrays as sets, `{ "@id" }` and `{ "@value", "@type" }` objects).
 */
const MARK = Symbol.for('tdss.policy-engine.left-value');

/** The time between two instants; compared against xsd:duration right operands. */
export interface ElapsedTime {
  readonly [MARK]: 'elapsed';
  readonly from: Date;
  readonly to: Date;
}

/** Several candidate values; the constraint holds when it holds for at least one of them. */
export interface AnyValue {
  readonly [MARK]: 'any';
  readonly values: readonly unknown[];
}

/** No value, and why: the constraint can then be neither satisfied nor refuted. */
export interface MissingValue {
  readonly [MARK]: 'missing';
  readonly reason: string;
}

export function elapsedTime(from: Date, to: Date): ElapsedTime {
  return { [MARK]: 'elapsed', from, to };
}

export function anyValue(values: readonly unknown[]): AnyValue {
  return { [MARK]: 'any', values };
}

export function missingValue(reason: string): MissingValue {
  return { [MARK]: 'missing', reason };
}

function marked(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? ((value as Record<symbol, unknown>)[MARK] as string | undefined) : undefined;
}

export function isElapsedTime(value: unknown): value is ElapsedTime {
  return marked(value) === 'elapsed';
}

export function isAnyValue(value: unknown): value is AnyValue {
  return marked(value) === 'any';
}

export function isMissingValue(value: unknown): value is MissingValue {
  return marked(value) === 'missing';
}

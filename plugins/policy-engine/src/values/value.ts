import type { Duration } from './iso-duration.ts';

/** An operand as the operators see it, after literals, typed literals and function results are read. */
export type Value =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'dateTime'; readonly ms: number }
  | { readonly kind: 'date'; readonly day: string }
  | { readonly kind: 'duration'; readonly duration: Duration; readonly text: string }
  | { readonly kind: 'elapsed'; readonly from: number; readonly to: number }
  | { readonly kind: 'list'; readonly items: readonly Value[] };

/** Why a value could not be read; it becomes a type-mismatch failure, never an exception. */
export interface Unreadable {
  readonly unreadable: string;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a numeric string spells, or undefined. */
export function numericString(text: string): number | undefined {
  return NUMBER.test(text.trim()) ? Number(text) : undefined;
}

/** Small builders for test policies: JSON as DSP writes it, parsed by the real parser. */
import { readFile } from 'node:fs/promises';
import type { LeftOperandFunction } from '../functions/policy-function.ts';
import { POLICY_SCOPES, type PolicyScope } from '../model/evaluation.ts';
import type { Policy } from '../model/policy.ts';
import { parsePolicy } from '../parse/parse-policy.ts';

export type Json = Record<string, unknown>;

export function constraint(leftOperand: string, operator: string, rightOperand: unknown): Json {
  return { leftOperand, operator, rightOperand };
}

export function offer(rules: { permission?: Json[]; prohibition?: Json[]; obligation?: Json[] }): Policy {
  return parsePolicy({ '@id': 'urn:uuid:offer-1', '@type': 'Offer', ...rules });
}

export function permission(...constraints: Json[]): Json {
  return { action: 'use', constraint: constraints };
}

/** A function that reads `context[key]`, counting its calls. */
export function contextFunction(leftOperand: string, scopes: readonly PolicyScope[] = POLICY_SCOPES): LeftOperandFunction & { calls: number } {
  const fn = {
    leftOperand,
    scopes,
    description: `test function for ${leftOperand}`,
    calls: 0,
    resolve: ({ context }: { context: Json }) => {
      fn.calls += 1;
      return context[leftOperand];
    },
  };
  return fn;
}

export function clockAt(iso: string): () => Date {
  return () => new Date(iso);
}

export async function dspExample(file: string): Promise<Json> {
  return JSON.parse(await readFile(new URL(`../fixtures/dsp-2025-1/${file}`, import.meta.url), 'utf8')) as Json;
}

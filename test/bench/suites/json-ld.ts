/**
 * CPU per DSP message to bring the spec's ContractRequestMessage, TransferStartMessage and Catalog
 * into the canonical form: `canonicalize` of @tdss/json-ld (expand, normalise and compact by its
 * precomputed term tables) against jsonld.js's expand + compact of the same message, the baseline,
 * measured in the same run with process.cpuUsage.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createDspJsonLd, DSP_2025_1_CONTEXT } from '@tdss/json-ld';
import type { BenchSuite } from '../run.ts';
import { round } from './statistics.ts';

const FIXTURES = new URL('../../../packages/json-ld/src/fixtures/dsp-2025-1/', import.meta.url);
const MESSAGES = {
  ContractRequestMessage: 'negotiation/contract-request-message.json',
  TransferStartMessage: 'transfer/transfer-start-message.json',
  Catalog: 'catalog/catalog.json',
};
const FAST_ITERATIONS = 5000;
const JSONLD_ITERATIONS = 1000;

export const jsonLd: BenchSuite = {
  name: 'json-ld',
  description: `CPU µs per message of expand + compact: fast path (${FAST_ITERATIONS} iterations) vs jsonld.js (${JSONLD_ITERATIONS})`,
  async run() {
    const dsp = createDspJsonLd();
    const loadBefore = loadavg();
    const messages: Record<string, unknown> = {};
    for (const [type, path] of Object.entries(MESSAGES)) {
      const message = JSON.parse(readFileSync(new URL(path, FIXTURES), 'utf8')) as Record<string, unknown>;
      const fast = await cpuMicrosPer(FAST_ITERATIONS, () => dsp.canonicalize(message));
      const jsonld = await cpuMicrosPer(JSONLD_ITERATIONS, async () =>
        dsp.processor.compact(await dsp.processor.expand(message), DSP_2025_1_CONTEXT, { expanded: true }),
      );
      messages[type] = { fastCpuMicros: round(fast), baseline: { name: 'jsonld.js expand + compact', cpuMicros: round(jsonld) }, ratioToBaseline: round(fast / jsonld) };
    }
    return { messages, loadAverage: { before: loadBefore.map((l) => round(l)), after: loadavg().map((l) => round(l)) } };
  },
};

async function cpuMicrosPer(iterations: number, work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(200, iterations); i++) await work();
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / iterations;
}

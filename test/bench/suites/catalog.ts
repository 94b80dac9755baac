/**
 * DSP catalog pages on PostgreSQL: a provider participant with 10,000 assets (and a second one with
 * 1,000, so tenant scoping has rows to skip), three contract definitions (one selects every asset
 * and is open to all, one selects 200 assets by id for the consumer only, one is hidden from it)
 * and a consumer that sees all 10,000 datasets. One runtime in this process serves the requests,
 * which carry a development token and go over loopback HTTP.
 *
 * Measured: a page of 50 at random depths, one request at a time (p50, p99), and requests per
 * second with 4 in flight. Baseline: the same pages read by a bare tenant-scoped SQL query through
 * the Database service (no policy, no JSON-LD, no HTTP). Also shown: the same pages from the
 * Catalogs service in process (no HTTP), and, for contrast, a catalog whose selector is on an asset
 * property, which is tested in memory and therefore reads every asset for each page.
 */
import { randomBytes } from 'node:crypto';
import controlPlane, { Catalogs, ParticipantContexts } from '@tdss/control-plane';
import identityDev from '@tdss/identity-dev';
import policyEngine from '@tdss/policy-engine';
import { Database, DspIdentityService, HttpServer } from '@tdss/sdk';
import type { BenchSuite } from '../run.ts';
import { startBenchRuntimeOnFreshDatabase } from './bench-runtime.ts';
import { inFlight } from './in-flight.ts';
import { type Percentiles, percentiles, round } from './statistics.ts';

const ASSETS = 10_000;
const OTHER_ASSETS = 1_000;
const PAGE = 50;
const WARMUP = 100;
const SAMPLES = 1_000;
const THROUGHPUT_REQUESTS = 1_000;
const IN_FLIGHT = 4;
const SCAN_SAMPLES = 30;
const TARGET_P99_MS = 50;

const CONSUMER = 'did:web:consumer.example';
const PROVIDER = 'did:web:provider.example';
const MESSAGE = JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' });

export const catalog: BenchSuite = {
  name: 'catalog',
  description: `DSP catalog page of ${PAGE} from ${ASSETS} assets on PostgreSQL: p50/p99 and requests/s, against a bare tenant-scoped SQL page`,
  async run() {
    const bench = await startBenchRuntimeOnFreshDatabase('bench-catalog', [
      { plugin: identityDev, settings: { secret: randomBytes(32).toString('hex'), tokenTtlSeconds: 3600 } },
      { plugin: policyEngine },
      { plugin: controlPlane },
    ]);
    const { runtime } = bench;
    try {
      const server = runtime.get(HttpServer);
      const management = `${server.url('management')}/v1/participants`;
      process.stderr.write(`bench: catalog — seeding ${ASSETS} + ${OTHER_ASSETS} assets through the management API\n`);
      const seedStarted = performance.now();
      await seed(management, 'provider', PROVIDER, ASSETS, [
        { '@id': 'open', accessPolicyId: 'everyone', contractPolicyId: 'research' },
        { '@id': 'consumer-only', accessPolicyId: 'consumer', contractPolicyId: 'everyone', assetsSelector: [{ operandLeft: 'id', operator: 'in', operandRight: ids(200) }] },
        { '@id': 'hidden', accessPolicyId: 'nobody', contractPolicyId: 'everyone' },
      ]);
      await seed(management, 'scan', 'did:web:scan.example', OTHER_ASSETS, [
        { '@id': 'by-property', accessPolicyId: 'everyone', contractPolicyId: 'everyone', assetsSelector: [{ operandLeft: 'category', operator: '=', operandRight: 'bench' }] },
      ]);
      const seedSeconds = (performance.now() - seedStarted) / 1000;

      const token = await runtime.get(DspIdentityService).authorize({ participantContextId: 'bench', participantId: CONSUMER, counterpartyId: PROVIDER, counterpartyAddress: 'bench' });
      const catalogUrl = `${server.url('protocol')}/provider/2025-1/catalog/request`;
      const httpPage = async (offset: number) => {
        const response = await fetch(`${catalogUrl}?offset=${offset}&limit=${PAGE}`, { method: 'POST', headers: { authorization: token, 'content-type': 'application/json' }, body: MESSAGE });
        const body = (await response.json()) as { dataset?: unknown[] };
        if (response.status !== 200 || body.dataset?.length !== Math.min(PAGE, ASSETS - offset)) throw new Error(`catalog page at ${offset} answered ${response.status} with ${body.dataset?.length} datasets`);
      };
      const db = runtime.get(Database);
      const sqlPage = async (offset: number) => {
        const rows = await db.kysely().selectFrom('cp_asset').selectAll().where('tenant_id', '=', 'provider').orderBy('created_at').orderBy('id').limit(PAGE).offset(offset).execute();
        if (rows.length !== Math.min(PAGE, ASSETS - offset)) throw new Error(`SQL page at ${offset} has ${rows.length} rows`);
      };
      const catalogs = runtime.get(Catalogs);
      const provider = await runtime.get(ParticipantContexts).get('provider');
      const servicePage = async (offset: number) => {
        const page = await catalogs.catalog(provider, { participantId: CONSUMER, claims: {} }, { offset, limit: PAGE });
        if (page.total !== ASSETS) throw new Error(`catalog total ${page.total}`);
      };

      const offsets = randomOffsets(WARMUP + SAMPLES, ASSETS);
      const catalogLatency = await latency(httpPage, offsets);
      const baselineLatency = await latency(sqlPage, offsets);
      const serviceLatency = await latency(servicePage, offsets);
      const deepest = await latency(httpPage, Array(WARMUP + 200).fill(ASSETS - PAGE));
      const catalogRate = await throughput(httpPage, randomOffsets(THROUGHPUT_REQUESTS, ASSETS));
      const baselineRate = await throughput(sqlPage, randomOffsets(THROUGHPUT_REQUESTS, ASSETS));

      const scanToken = await runtime.get(DspIdentityService).authorize({ participantContextId: 'bench', participantId: CONSUMER, counterpartyId: 'did:web:scan.example', counterpartyAddress: 'bench' });
      const scanUrl = `${server.url('protocol')}/scan/2025-1/catalog/request`;
      const scanPage = async (offset: number) => {
        const response = await fetch(`${scanUrl}?offset=${offset}&limit=${PAGE}`, { method: 'POST', headers: { authorization: scanToken, 'content-type': 'application/json' }, body: MESSAGE });
        if (response.status !== 200) throw new Error(`scan catalog answered ${response.status}`);
        await response.arrayBuffer();
      };
      const scanLatency = await latency(scanPage, randomOffsets(10 + SCAN_SAMPLES, OTHER_ASSETS), 10);

      return {
        assets: ASSETS,
        pageSize: PAGE,
        seedSeconds: round(seedSeconds),
        catalogPageMs: { ...catalogLatency, samples: SAMPLES, note: 'DSP POST over loopback HTTP, random page depth, one request at a time' },
        catalogRequestsPerSecond: { value: round(catalogRate), inFlight: IN_FLIGHT, requests: THROUGHPUT_REQUESTS },
        deepestPageMs: { ...deepest, offset: ASSETS - PAGE },
        catalogsServicePageMs: { ...serviceLatency, note: 'the Catalogs service in process: policies, SQL page, documents; no HTTP, no token' },
        baseline: {
          name: 'bare tenant-scoped SQL page (Kysely through the Database service)',
          pageMs: baselineLatency,
          requestsPerSecond: round(baselineRate),
        },
        ratioToBaseline: { p50: round(catalogLatency.p50 / baselineLatency.p50), p99: round(catalogLatency.p99 / baselineLatency.p99), requestsPerSecond: round(baselineRate / catalogRate) },
        propertySelectorPageMs: { ...scanLatency, assets: OTHER_ASSETS, samples: SCAN_SAMPLES, note: 'selector on an asset property: every page reads all of the participant\'s assets' },
        target: { catalogPageP99MsMax: TARGET_P99_MS, met: catalogLatency.p99 <= TARGET_P99_MS },
      };
    } finally {
      await bench.stop();
    }
  },
};

function ids(count: number): string[] {
  return Array.from({ length: count }, (_, i) => assetId(i * 7));
}

function assetId(i: number): string {
  return `asset-${String(i).padStart(5, '0')}`;
}

async function seed(management: string, id: string, participantId: string, assets: number, definitions: object[]): Promise<void> {
  await post(management, { id, participantId });
  const base = `${management}/${id}`;
  const policies = {
    everyone: { permission: [{ action: 'use' }] },
    consumer: { permission: [{ action: 'use', constraint: [{ leftOperand: 'dspace:participantId', operator: 'eq', rightOperand: CONSUMER }] }] },
    nobody: { permission: [{ action: 'use', constraint: [{ leftOperand: 'dspace:participantId', operator: 'eq', rightOperand: 'did:web:nobody.example' }] }] },
    research: { permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] }] },
  };
  for (const [policyId, policy] of Object.entries(policies)) await post(`${base}/policydefinitions`, { '@id': policyId, policy });
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < assets; i = next++) {
      await post(`${base}/assets`, {
        '@id': assetId(i),
        properties: { name: `Bench asset ${i}`, description: 'A dataset of the catalog benchmark', contenttype: 'application/json', category: 'bench' },
        privateProperties: { owner: 'bench' },
        dataAddress: { type: 'HttpData', baseUrl: `https://data.example/${i}` },
      });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  for (const definition of definitions) await post(`${base}/contractdefinitions`, definition);
}

async function post(url: string, body: object): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
}

/** Page offsets spread over the whole catalog, the same sequence for the catalog and its baseline. */
function randomOffsets(count: number, total: number): number[] {
  const pages = Math.ceil(total / PAGE);
  let state = 42;
  return Array.from({ length: count }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return (state % pages) * PAGE;
  });
}

async function latency(page: (offset: number) => Promise<void>, offsets: number[], warmup = WARMUP): Promise<Percentiles> {
  const times: number[] = [];
  for (const [i, offset] of offsets.entries()) {
    const started = performance.now();
    await page(offset);
    if (i >= warmup) times.push(performance.now() - started);
  }
  return percentiles(times);
}

async function throughput(page: (offset: number) => Promise<void>, offsets: number[]): Promise<number> {
  const run = await inFlight(offsets.length, IN_FLIGHT, (i) => page(offsets[i]!));
  return offsets.length / run.seconds;
}

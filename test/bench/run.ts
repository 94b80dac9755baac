/**
 * `npm run bench [suite...]`: runs the benchmark suites and prints one JSON document with each
 * suite's figures and, where one exists, its ratio against a baseline measured in the same run.
 */
import { cpus, totalmem } from 'node:os';
import { coldStart } from './suites/cold-start.ts';
import { catalog } from './suites/catalog.ts';
import { negotiationTransfer } from './suites/negotiation-transfer.ts';
import { idleTenants } from './suites/idle-tenants.ts';
import { tenantProvisioning } from './suites/tenant-provisioning.ts';
import { dcpVerification } from './suites/dcp-verification.ts';
import { dataplaneHttp } from './suites/dataplane-http.ts';
import { dataplaneKafka } from './suites/dataplane-kafka.ts';
import { dataplaneS3 } from './suites/dataplane-s3.ts';
import { jsonLd } from './suites/json-ld.ts';

export interface BenchSuite {
  name: string;
  description: string;
  run(): Promise<Record<string, unknown>>;
}

const suites: BenchSuite[] = [coldStart, catalog, negotiationTransfer, idleTenants, tenantProvisioning, dcpVerification, dataplaneHttp, dataplaneKafka, dataplaneS3, jsonLd];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !suites.some((s) => s.name === name));
if (unknown.length) {
  process.stderr.write(`unknown suite(s): ${unknown.join(', ')}; known: ${suites.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}

const results: Record<string, unknown> = {};
for (const suite of suites.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
  process.stderr.write(`bench: ${suite.name} — ${suite.description}\n`);
  results[suite.name] = await suite.run();
}
process.stdout.write(
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      results,
    },
    null,
    2,
  )}\n`,
);

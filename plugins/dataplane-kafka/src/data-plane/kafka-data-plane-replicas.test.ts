import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Database } from '@tdss/sdk';
import { createPostgresDatabase } from '@tdss/testing';
import type { Kysely } from 'kysely';
import t from 'tap';
import { kafkaBootstrap } from '../../../../test/support/kafka/kafka-bootstrap.ts';
import { positions } from '../test-support/relay-fixtures.ts';
import { startDataPlaneRuntime } from '../test-support/data-plane-runtime.ts';
import { startMessage } from '../test-support/start-message.ts';
import { createTopic, digest, produce, readTopic, sleep, values } from '../test-support/topics.ts';
import { KAFKA_PUSH } from './kafka-data-plane.ts';

const REPLICA = path.join(import.meta.dirname, '../test-support/data-plane-runtime.ts');
const LEASE_MS = 3_000;
// The data plane SDK's lease table (see createSqlDataFlowStore).
const LEASES = 'dps_data_flow_lease';
const FLOWS = 4;

const DELIVERIES = [
  ['exactly-once', true],
  ['at-least-once', false],
] as const;

const bootstrap = await kafkaBootstrap(t);
if (bootstrap) {
  for (const [delivery, exactlyOnce] of DELIVERIES) {
    t.test(`${delivery}: two replicas on one database: each flow relays in one; a killed replica's flows move to the other, nothing lost`, async (t) => {
      const url = await createPostgresDatabase(t);
      if (!url) return;
      const settings = { leaseMs: LEASE_MS, sessionTimeoutMs: 6_000, watchIntervalMs: 1_000, exactlyOnce };

      // The replica to kill runs in a process of its own; it migrates the database first.
      const child = spawn(process.execPath, [REPLICA, url, JSON.stringify(settings)], { stdio: ['pipe', 'pipe', 'inherit'] });
      t.teardown(() => child.kill('SIGKILL'));
      const said: string[] = [];
      createInterface({ input: child.stdout! }).on('line', (line) => said.push(line));
      const heard = async (line: string) => {
        const deadline = Date.now() + 60_000;
        while (!said.includes(line) && Date.now() < deadline) await sleep(20);
        if (!said.includes(line)) throw new Error(`the replica process did not say "${line}"`);
      };
      await heard('ready');
      const here = await startDataPlaneRuntime(url, settings);
      t.teardown(() => here.runtime.stop());

      const flows = await Promise.all(
        Array.from({ length: FLOWS }, async (_, i) => ({
          id: `replica-flow-${i}-${randomUUID()}`,
          source: await createTopic(bootstrap, 'replica-source', 2),
          destination: await createTopic(bootstrap, 'replica-inbox', 1),
        })),
      );
      const readers = await Promise.all(flows.map((flow) => readTopic(bootstrap, flow.destination)));
      t.teardown(() => Promise.all(readers.map((reader) => reader.close())));
      const first = values('before', 300);
      await Promise.all(flows.map((flow) => produce(bootstrap, flow.source, first)));

      // Even flows are started by the replica in the child process, odd ones by this one.
      for (const [i, flow] of flows.entries()) {
        const start = {
          ...startMessage(flow.id, KAFKA_PUSH),
          metadata: { participantContextId: 'provider', sourceDataAddress: { type: 'Kafka', bootstrapServers: bootstrap, topic: flow.source } },
          dataAddress: { endpointType: 'Kafka', endpoint: bootstrap, endpointProperties: [{ name: 'topic', value: flow.destination }] },
        };
        if (i % 2 === 0) {
          child.stdin!.write(`${JSON.stringify(start)}\n`);
          await heard(`started ${flow.id}`);
        } else {
          t.match(await here.dataPlane.signaling.start(start), { status: 200, body: { state: 'STARTED' } });
        }
      }

      const db = here.runtime.get(Database).kysely() as Kysely<{ [LEASES]: { flow_id: string; owner: string } }>;
      const owners = async () => new Map((await db.selectFrom(LEASES).select(['flow_id', 'owner']).execute()).map((row) => [row.flow_id, row.owner]));
      const split = await owners();
      const ownerOf = (i: number) => split.get(flows[i]!.id);
      const hereOwner = ownerOf(1);
      const thereOwner = ownerOf(0);
      t.ok(hereOwner && thereOwner && hereOwner !== thereOwner, 'the flows have two owners');
      t.same(
        flows.map((_, i) => ownerOf(i)),
        flows.map((_, i) => (i % 2 === 0 ? thereOwner : hereOwner)),
        'each flow is leased by the replica that started it',
      );
      for (const reader of readers) t.equal((await reader.waitFor(first.length, { quietMs: 0 })).length, first.length);
      await sleep(LEASE_MS);
      t.same([...(await owners()).values()].sort(), flows.map((_, i) => (i % 2 === 0 ? thereOwner : hereOwner)).sort(), 'renewed: no flow changed hands while both ran');

      // Killed mid-stream: nothing committed on the way out, the leases are left to expire.
      const second = values('after', 3_000);
      await Promise.all(flows.map((flow) => produce(bootstrap, flow.source, second)));
      child.kill('SIGKILL');
      await once(child, 'exit');
      const killedAt = Date.now();
      while ([...(await owners()).values()].some((owner) => owner !== hereOwner) && Date.now() - killedAt < 30_000) await sleep(100);
      const movedAfter = Date.now() - killedAt;
      // The lease expires at most LEASE_MS after the kill, the next pass (a third of it) takes the
      // flows one after the other, each once its relay started: a few seconds on a loaded machine.
      t.ok(movedAfter < LEASE_MS + LEASE_MS / 3 + 6_000, `the killed replica's flows moved here once their leases expired (${movedAfter} ms)`);

      const sent = [...first, ...second];
      for (const [i, reader] of readers.entries()) {
        const all = await reader.waitFor(sent.length, { timeoutMs: 60_000, quietMs: i === 0 ? 2_000 : 0 });
        if (exactlyOnce) {
          t.equal(all.length, sent.length, `flow ${i}: every message, once`);
          t.equal(digest(all.map((message) => message.value)), digest(sent), `flow ${i}: the provider's messages`);
          t.equal(positions(all).size, all.length, `flow ${i}: distinct source positions`);
        } else {
          // Repeats (what the killed relay delivered and had not committed) are dropped by the source header.
          t.equal(positions(all).size, sent.length, `flow ${i}: every source position arrived (${all.length - sent.length} repeated)`);
          t.same(new Set(all.map((message) => message.value)), new Set(sent), `flow ${i}: the provider's messages, none lost`);
        }
      }
    });
  }
}

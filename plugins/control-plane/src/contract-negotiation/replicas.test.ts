/**
 * Two provider replicas (one PostgreSQL database, the same participant context, two HTTP ports)
 * behind which a consumer runtime, in a database of its own, negotiates many agreements and starts
 * a transfer under each; every request goes to either replica in turn. Each process ends once in
 * its final state on both sides, each message the provider owes is sent once, and both replicas
 * did part of the work.
 *
 * Why the counts detect a double send: the consumer's callback address is a proxy that records the
 * path of every request before it forwards it, so a second ContractAgreementMessage, FINALIZED
 * event or TransferStartMessage for a process is counted even though the consumer refuses it (its
 * process has moved on). Two replicas both running a pending step of one row (or one replica
 * running it twice) sends twice, and the count of that pid's path is 2, not 1. Likewise the
 * replicas' data flow controllers record every `start`: a transfer started twice shows 2 calls.
 * Checked by hand (2026-11-24): with `leaseMs: 100` and a data flow start that takes 400 ms, the
 * replicas take STARTING rows over from each other and this test fails on the start counts, the
 * consumer's received starts and its request total. The processed counters alone do not show it
 * (they count written outcomes only, and the loser's outcome is refused), hence the proxy.
 */
import type { Runtime } from '@tdss/kernel';
import { Metrics } from '@tdss/sdk';
import { createPostgresDatabase, freePort } from '@tdss/testing';
import t from 'tap';
import { startHoldingProxy } from '../transfer-process/test-support/holding-proxy.ts';
import { FAST_TRANSFERS, PULL, providerProcessOf, recordingDataPlane, startTransferRuntime, type TransferRuntime, waitForState as waitForTransfer } from '../transfer-process/test-support/transfer-test-kit.ts';
import {
  type Endpoints,
  expectJson,
  listNegotiations,
  offerAsset,
  participantIdOf,
  requestOffer,
  waitForState as waitForNegotiation,
} from './test-support/negotiation-test-kit.ts';

const PROCESSES = 60;
/** Generous (the whole batch runs at once on a loaded 2-core machine), yet inside tap's 120 s per file. */
const TIMEOUT_MS = 90_000;
t.setTimeout(120_000);
/**
 * Fast sweeps (replicas contend for due rows), but a slow answer is waited for rather than retried
 * (a retry after a timeout is a second send too) and no lease runs out under load.
 */
const TRANSFERS = { ...FAST_TRANSFERS, stateMachine: { ...FAST_TRANSFERS.stateMachine, leaseMs: 60_000 }, requestTimeoutMs: 30_000 };

function endpointsOf(cut: TransferRuntime): Endpoints {
  return { management: cut.managementUrl, participant: (id) => `${cut.managementUrl}/v1/participants/${encodeURIComponent(id)}`, dspBase: cut.dspBase };
}

/** Processor runs whose outcome a runtime wrote, per state, for one state machine. */
/**
 * Processor runs per state: those whose outcome was written, plus those whose outcome lost to the
 * counterparty's next message (e.g. its verification answering our agreement before the AGREEING
 * outcome committed): either way the step's work was done by that run.
 */
async function processed(runtime: Runtime, machine: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of ['tdss_state_machine_processed_total', 'tdss_state_machine_lost_total']) {
    const metric = runtime.get(Metrics).getSingleMetric(name);
    for (const { labels, value } of metric ? (await metric.get()).values : []) {
      if (labels.machine === machine) counts[String(labels.state)] = (counts[String(labels.state)] ?? 0) + value;
    }
  }
  return counts;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

/** How often each `<pid>/<message>` path was received, from the recorded paths of a DSP base path. */
function receivedPerProcess(paths: readonly string[], kind: 'negotiations' | 'transfers'): Map<string, number> {
  const counts = new Map<string, number>();
  const pattern = new RegExp(`/${kind}/([^/]+)/([^/?]+)$`);
  for (const path of paths) {
    const match = pattern.exec(path);
    if (!match) continue;
    const key = `${decodeURIComponent(match[1]!)} ${match[2]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

t.test('two provider replicas on one database share negotiations and transfers and handle each once', async (t) => {
  const providerUrl = await createPostgresDatabase(t);
  const consumerUrl = providerUrl && (await createPostgresDatabase(t));
  if (!providerUrl || !consumerUrl) return;
  const consumerPort = await freePort();
  const proxy = await startHoldingProxy(t, () => `http://127.0.0.1:${consumerPort}`);
  const pulls = [recordingDataPlane(PULL, 'PULL'), recordingDataPlane(PULL, 'PULL')] as const;
  // One after the other: the first creates the schema the second then finds.
  const replicaA = await startTransferRuntime(t, { name: 'provider-a', store: { dialect: 'postgresql', url: providerUrl }, participants: { provider: participantIdOf('provider') }, dataPlanes: [pulls[0]], transferProcess: TRANSFERS });
  const replicaB = await startTransferRuntime(t, { name: 'provider-b', store: { dialect: 'postgresql', url: providerUrl }, participants: {}, dataPlanes: [pulls[1]], transferProcess: TRANSFERS });
  const replicas = [replicaA, replicaB] as const;
  t.not(replicaA.protocolUrl, replicaB.protocolUrl, 'the replicas listen on different ports');
  const consumer = await startTransferRuntime(t, {
    name: 'consumer',
    store: { dialect: 'postgresql', url: consumerUrl },
    participants: { consumer: participantIdOf('consumer') },
    port: consumerPort,
    protocolUrl: `${proxy.url}/protocol`,
    transferProcess: TRANSFERS,
  });
  const consumerApi = endpointsOf(consumer);
  const offer = await offerAsset(t, endpointsOf(replicaA), 'provider', 'asset-1');

  const replicaOf = (i: number) => replicas[i % 2]!;
  const negotiationIds = await Promise.all(Array.from({ length: PROCESSES }, (_, i) => requestOffer(t, consumerApi, 'consumer', endpointsOf(replicaOf(i)), 'provider', offer)));
  const finalized = await Promise.all(negotiationIds.map((id) => waitForNegotiation(consumerApi, 'consumer', id, 'FINALIZED', TIMEOUT_MS)));
  t.same(finalized.filter((n) => n.state !== 'FINALIZED').map((n) => `${n['@id']}: ${n.state} ${n.errorDetail ?? ''}`), [], 'every negotiation is FINALIZED on the consumer');

  // The provider's side, read through the replica that did not start it, is in the shared database.
  const providerNegotiations = await listNegotiations(endpointsOf(replicaB), 'provider', '?limit=500');
  t.equal(providerNegotiations.length, PROCESSES, 'the provider holds one negotiation per request');
  t.same([...new Set(providerNegotiations.map((n) => n.correlationId))].sort(), [...negotiationIds].sort(), "one per consumer negotiation, none twice");
  const providerFinal = await Promise.all(providerNegotiations.map((n) => waitForNegotiation(endpointsOf(replicaA), 'provider', n['@id'], 'FINALIZED', TIMEOUT_MS)));
  t.ok(providerFinal.every((n) => n.state === 'FINALIZED'), 'every negotiation is FINALIZED on the provider');
  const agreementIds = finalized.map((n) => n.contractAgreementId!);
  t.equal(new Set(agreementIds).size, PROCESSES, 'one agreement per negotiation');
  for (const [kit, side] of [[consumerApi, 'consumer'], [endpointsOf(replicaA), 'provider']] as const) {
    const agreements = await expectJson<Array<{ '@id': string }>>(t, fetch(`${kit.participant(side)}/contractagreements?limit=500`), 200);
    t.same(agreements.map((a) => a['@id']).sort(), [...agreementIds].sort(), `${side} holds each agreement once`);
  }

  const transfers = await Promise.all(
    agreementIds.map((agreementId, i) => consumer.transfers.request('consumer', { counterpartyAddress: replicaOf(i).dspBase('provider'), agreementId, transferType: PULL })),
  );
  const started = await Promise.all(transfers.map((transfer) => waitForTransfer(consumer.transfers, 'consumer', transfer.id, 'STARTED', TIMEOUT_MS)));
  t.ok(started.every((transfer) => transfer.dataAddress?.endpoint), 'every transfer is STARTED on the consumer with an address to pull from');
  const providerTransfers = await Promise.all(transfers.map((transfer) => providerProcessOf(replicaB.transfers, 'provider', transfer.id)));
  await Promise.all(providerTransfers.map((transfer) => waitForTransfer(replicaA.transfers, 'provider', transfer.id, 'STARTED', TIMEOUT_MS)));
  const providerPage = await replicaA.transfers.list('provider', { offset: 0, limit: 500, filters: { role: 'PROVIDER' } });
  t.equal(providerPage.items.length, PROCESSES, 'the provider holds one transfer per request');
  t.ok(
    providerPage.items.every((transfer) => transfer.state === 'STARTED'),
    'every transfer is STARTED on the provider',
  );

  // Each provider process's data flow started once, by one replica or the other.
  const starts = providerTransfers.map((transfer) => pulls.flatMap((pull) => pull.callsOf(transfer.id)));
  t.same(starts, providerTransfers.map(() => ['start']), 'each data flow started exactly once across both replicas');

  // Each message the provider owed reached the consumer exactly once.
  const negotiationMessages = receivedPerProcess(proxy.forwarded, 'negotiations');
  const transferMessages = receivedPerProcess(proxy.forwarded, 'transfers');
  const expectedNegotiationMessages = new Map(negotiationIds.flatMap((id) => [[`${id} agreement`, 1], [`${id} events`, 1]] as const));
  t.same(Object.fromEntries(negotiationMessages), Object.fromEntries(expectedNegotiationMessages), 'the consumer received one agreement and one FINALIZED event per negotiation, nothing else');
  t.same(Object.fromEntries(transferMessages), Object.fromEntries(transfers.map((transfer) => [`${transfer.id} start`, 1])), 'the consumer received one TransferStartMessage per transfer, nothing else');
  t.equal(proxy.forwarded.length, 3 * PROCESSES, 'no other request reached the consumer');

  // Both replicas worked: each ran some of the negotiations' steps and started some data flows.
  const work = await Promise.all(replicas.map(async (replica) => ({ negotiation: await processed(replica.runtime, 'contract-negotiation'), transfer: await processed(replica.runtime, 'transfer-process') })));
  t.comment(`replica A: negotiation steps ${JSON.stringify(work[0]!.negotiation)}, transfer steps ${JSON.stringify(work[0]!.transfer)}, data flows started ${pulls[0].calls.length}`);
  t.comment(`replica B: negotiation steps ${JSON.stringify(work[1]!.negotiation)}, transfer steps ${JSON.stringify(work[1]!.transfer)}, data flows started ${pulls[1].calls.length}`);
  // Outcomes written per pending state, summed over the replicas: each step once per process.
  const sum = (machine: 'negotiation' | 'transfer') => {
    const counts: Record<string, number> = {};
    for (const replica of work) for (const [state, n] of Object.entries(replica[machine])) counts[state] = (counts[state] ?? 0) + n;
    return counts;
  };
  t.same(sum('negotiation'), { AGREEING: PROCESSES, FINALIZING: PROCESSES }, "the provider's negotiation steps ran once per negotiation");
  t.same(sum('transfer'), { STARTING: PROCESSES }, "the provider's transfer step ran once per transfer");
  for (const [i, name] of ['A', 'B'].entries()) {
    t.ok(total(work[i]!.negotiation) > 0, `replica ${name} ran negotiation steps`);
    t.ok(total(work[i]!.transfer) > 0, `replica ${name} ran transfer steps`);
    t.ok(pulls[i]!.calls.length > 0, `replica ${name} started data flows`);
  }
});

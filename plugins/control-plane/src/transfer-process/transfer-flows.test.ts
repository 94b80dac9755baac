/**
 * Whole transfers between two participant contexts of one runtime, over real HTTP: the consumer
 * requests through the management API, both state machines send their DSP messages, the
 * provider's data flow controller (the tests' own) is told at each step.
 */
import { createLogCapture, forEachDialect } from '@tdss/testing';
import t, { type Test } from 'tap';
import {
  agreement,
  eventually,
  providerProcessOf,
  PULL,
  PUSH,
  recordingDataPlane,
  startTransferRuntime,
  waitForState,
} from './test-support/transfer-test-kit.ts';

const PROVIDER = 'did:web:provider.example';
const CONSUMER = 'did:web:consumer.example';

async function startPair(t: Test, store: Parameters<typeof startTransferRuntime>[1]['store'], held?: ReadonlySet<string>) {
  const pull = recordingDataPlane(PULL, 'PULL');
  const push = recordingDataPlane(PUSH, 'PUSH');
  const logs = createLogCapture();
  const kit = await startTransferRuntime(t, { name: 'pair', store, participants: { provider: PROVIDER, consumer: CONSUMER }, dataPlanes: [pull, push], logs, ...(held ? { held } : {}) });
  const deal = agreement('urn:uuid:agreement-1', PROVIDER, CONSUMER, 'asset-1');
  await kit.addAgreement('provider', deal);
  await kit.addAgreement('consumer', deal);
  const request = async (body: Record<string, unknown>) => {
    const res = await fetch(`${kit.managementUrl}/v1/participants/consumer/transferprocesses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ counterPartyAddress: kit.dspBase('provider'), contractId: deal['@id'], ...body }),
    });
    const text = await res.text();
    t.equal(res.status, 201, `the consumer's request is accepted (${text.slice(0, 300)})`);
    return (JSON.parse(text) as { '@id': string })['@id'];
  };
  return { kit, pull, push, deal, request, logs };
}

forEachDialect(t, 'pull: request, start with an address, consumer suspends, provider resumes with a fresh address, consumer completes', async (t, _dialect, store) => {
  const { kit, pull, request, logs } = await startPair(t, store);
  const { transfers } = kit;
  const consumerPid = await request({ transferType: PULL });
  t.match(consumerPid, /^urn:uuid:[0-9a-f-]{36}$/);

  const started = await waitForState(transfers, 'consumer', consumerPid, 'STARTED');
  const provider = await providerProcessOf(transfers, 'provider', consumerPid);
  t.equal(started.providerPid, provider.id, "the consumer learnt the provider's pid");
  t.equal(provider.consumerPid, consumerPid);
  t.equal(provider.counterpartyId, CONSUMER);
  t.equal(provider.counterpartyAddress, kit.dspBase('consumer'), "the callbackAddress is the consumer's DSP base");
  t.equal(started.dataAddress?.endpoint, `https://data.example/flows/${encodeURIComponent(provider.id)}`);
  t.same(started.dataAddress?.endpointProperties?.find((p) => p.name === 'authorization')?.value, 'secret-token-1', 'the consumer holds the pull token');
  await waitForState(transfers, 'provider', provider.id, 'STARTED');
  t.same(pull.callsOf(provider.id), ['start']);
  t.equal(pull.calls[0]!.flow.datasetId, 'asset-1');
  t.equal(pull.calls[0]!.flow.counterPartyId, CONSUMER);

  const shown = await (await fetch(`${kit.managementUrl}/v1/participants/consumer/transferprocesses/${encodeURIComponent(consumerPid)}`)).text();
  t.notMatch(shown, /secret-token/, 'the management API never shows the token');
  t.match(JSON.parse(shown), { '@id': consumerPid, state: 'STARTED', dspState: 'STARTED', type: 'CONSUMER', contractId: 'urn:uuid:agreement-1', correlationId: provider.id });

  await transfers.suspend('consumer', consumerPid, 'maintenance window');
  await waitForState(transfers, 'consumer', consumerPid, 'SUSPENDED');
  const suspended = await waitForState(transfers, 'provider', provider.id, 'SUSPENDED');
  t.match(suspended.errorDetail, /suspended by the counterparty: maintenance window/);
  t.same(pull.callsOf(provider.id), ['start', 'suspend']);

  await transfers.resume('provider', provider.id);
  await waitForState(transfers, 'provider', provider.id, 'STARTED');
  await eventually('the fresh address at the consumer', async () => {
    const consumer = await transfers.get('consumer', consumerPid);
    return consumer.state === 'STARTED' && consumer.dataAddress?.endpointProperties?.[0]?.value === 'secret-token-2';
  });
  t.same(pull.callsOf(provider.id), ['start', 'suspend', 'resume']);

  await transfers.complete('consumer', consumerPid);
  await waitForState(transfers, 'consumer', consumerPid, 'COMPLETED');
  await waitForState(transfers, 'provider', provider.id, 'COMPLETED');
  t.same(pull.callsOf(provider.id), ['start', 'suspend', 'resume', 'complete']);
  t.ok(logs.lines.length > 0, 'the runtime logged, at debug level');
  t.notMatch(logs.text(), /secret-token/, 'no log line holds a pull token');
});

forEachDialect(t, 'pull: provider suspends, consumer resumes (and gets a fresh address), provider terminates with a reason', async (t, _dialect, store) => {
  const { kit, pull, request } = await startPair(t, store);
  const { transfers } = kit;
  const consumerPid = await request({ transferType: PULL });
  await waitForState(transfers, 'consumer', consumerPid, 'STARTED');
  const provider = await providerProcessOf(transfers, 'provider', consumerPid);
  await waitForState(transfers, 'provider', provider.id, 'STARTED');

  await transfers.suspend('provider', provider.id, 'quota reached');
  await waitForState(transfers, 'provider', provider.id, 'SUSPENDED');
  const suspended = await waitForState(transfers, 'consumer', consumerPid, 'SUSPENDED');
  t.match(suspended.errorDetail, /quota reached/);

  await transfers.resume('consumer', consumerPid);
  await waitForState(transfers, 'provider', provider.id, 'STARTED');
  await eventually('the fresh address at the consumer', async () => (await transfers.get('consumer', consumerPid)).dataAddress?.endpointProperties?.[0]?.value === 'secret-token-2');
  t.equal((await transfers.get('consumer', consumerPid)).state, 'STARTED');
  t.same(pull.callsOf(provider.id), ['start', 'suspend', 'resume']);

  await transfers.terminate('provider', provider.id, 'contract revoked');
  await waitForState(transfers, 'provider', provider.id, 'TERMINATED');
  const terminated = await waitForState(transfers, 'consumer', consumerPid, 'TERMINATED');
  t.match(terminated.errorDetail, /terminated by the counterparty: contract revoked/);
  t.same(pull.callsOf(provider.id), ['start', 'suspend', 'resume', 'terminate']);
});

forEachDialect(t, "push: the consumer's destination reaches the provider's controller; the consumer terminates", async (t, _dialect, store) => {
  const { kit, push, request } = await startPair(t, store);
  const { transfers } = kit;
  const destination = {
    '@type': 'DataAddress',
    endpointType: 'https://w3id.org/idsa/v4.1/HTTP',
    endpoint: 'https://consumer.example/inbox',
    endpointProperties: [{ '@type': 'EndpointProperty', name: 'authorization', value: 'consumer-inbox-token' }],
  };
  const consumerPid = await request({ transferType: PUSH, dataDestination: destination });
  const started = await waitForState(transfers, 'consumer', consumerPid, 'STARTED');
  t.same(started.dataAddress, destination, 'a push start carries no address: the consumer keeps its destination');
  const provider = await providerProcessOf(transfers, 'provider', consumerPid);
  await waitForState(transfers, 'provider', provider.id, 'STARTED');
  t.same(push.calls[0]?.flow.dataAddress, { endpointType: destination.endpointType, endpoint: destination.endpoint, endpointProperties: [{ name: 'authorization', value: 'consumer-inbox-token' }] }, 'the provider pushes to the destination');

  await transfers.terminate('consumer', consumerPid);
  await waitForState(transfers, 'consumer', consumerPid, 'TERMINATED');
  await waitForState(transfers, 'provider', provider.id, 'TERMINATED');
  t.same(push.callsOf(provider.id), ['start', 'terminate']);
});

forEachDialect(t, 'a held request waits in REQUESTED until the provider starts it; a termination before the start ends both sides', async (t, _dialect, store) => {
  const { kit, pull, request } = await startPair(t, store, new Set(['urn:uuid:agreement-1']));
  const { transfers } = kit;
  const first = await request({ transferType: PULL });
  await waitForState(transfers, 'consumer', first, 'REQUESTED');
  const provider = await providerProcessOf(transfers, 'provider', first);
  t.equal(provider.state, 'REQUESTED');
  t.same(pull.callsOf(provider.id), [], 'nothing started');
  await transfers.start('provider', provider.id);
  await waitForState(transfers, 'consumer', first, 'STARTED');
  await waitForState(transfers, 'provider', provider.id, 'STARTED');

  const second = await request({ transferType: PULL });
  await waitForState(transfers, 'consumer', second, 'REQUESTED');
  const other = await providerProcessOf(transfers, 'provider', second);
  await transfers.terminate('consumer', second, 'changed my mind');
  await waitForState(transfers, 'consumer', second, 'TERMINATED');
  const ended = await waitForState(transfers, 'provider', other.id, 'TERMINATED');
  t.match(ended.errorDetail, /changed my mind/);
  t.same(pull.callsOf(other.id), [], 'the flow never started: the data plane has none to stop (its 404 ends the terminate)');
});

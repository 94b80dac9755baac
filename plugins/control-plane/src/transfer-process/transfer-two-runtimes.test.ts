/**
 * A transfer between two runtimes, each with its own database: the consumer's connector and the
 * provider's talk DSP over HTTP only.
 */
import { join } from 'node:path';
import { createPostgresDatabase, createTempDir, type DialectSettings, forEachDialect } from '@tdss/testing';
import t, { type Test } from 'tap';
import { agreement, eventually, providerProcessOf, PULL, recordingDataPlane, startTransferRuntime, waitForState } from './test-support/transfer-test-kit.ts';

const PROVIDER = 'did:web:provider.example';
const CONSUMER = 'did:web:consumer.example';

async function anotherStore(t: Test, like: DialectSettings): Promise<DialectSettings | undefined> {
  if (like.dialect === 'sqlite') return { dialect: 'sqlite', file: join(await createTempDir(t, 'tdss-sqlite-'), 'consumer.sqlite') };
  const url = await createPostgresDatabase(t);
  return url === undefined ? undefined : { dialect: 'postgresql', url };
}

forEachDialect(t, 'two runtimes: request, start, provider suspends, consumer resumes, consumer completes', async (t, _dialect, store) => {
  const consumerStore = await anotherStore(t, store);
  if (!consumerStore) return;
  const pull = recordingDataPlane(PULL, 'PULL');
  const provider = await startTransferRuntime(t, { name: 'provider', store, participants: { acme: PROVIDER }, dataPlanes: [pull] });
  const consumer = await startTransferRuntime(t, { name: 'consumer', store: consumerStore, participants: { globex: CONSUMER } });
  const deal = agreement('urn:uuid:deal', PROVIDER, CONSUMER, 'acme-data');
  await provider.addAgreement('acme', deal);
  await consumer.addAgreement('globex', deal);

  const res = await fetch(`${consumer.managementUrl}/v1/participants/globex/transferprocesses`, {
    method: 'POST',
    headers: { 'content-type': 'application/ld+json' },
    body: JSON.stringify({
      '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
      '@type': 'TransferRequest',
      counterPartyAddress: provider.dspBase('acme'),
      counterPartyId: PROVIDER,
      contractId: deal['@id'],
      transferType: PULL,
      protocol: 'dataspace-protocol-http:2025-1',
    }),
  });
  t.equal(res.status, 201, 'an EDC-style JSON-LD request is accepted');
  const consumerPid = ((await res.json()) as { '@id': string })['@id'];
  t.match(res.headers.get('location'), new RegExp(`/v1/participants/globex/transferprocesses/${encodeURIComponent(consumerPid)}$`));

  const started = await waitForState(consumer.transfers, 'globex', consumerPid, 'STARTED');
  const remote = await providerProcessOf(provider.transfers, 'acme', consumerPid);
  t.equal(started.providerPid, remote.id);
  t.equal(remote.counterpartyAddress, consumer.dspBase('globex'), 'the provider calls back into the other runtime');
  t.ok(started.dataAddress?.endpoint, 'the consumer holds the address to pull from');
  await waitForState(provider.transfers, 'acme', remote.id, 'STARTED');

  await provider.transfers.suspend('acme', remote.id, 'nightly batch');
  await waitForState(consumer.transfers, 'globex', consumerPid, 'SUSPENDED');
  await consumer.transfers.resume('globex', consumerPid);
  await waitForState(provider.transfers, 'acme', remote.id, 'STARTED');
  await eventually('the fresh address', async () => (await consumer.transfers.get('globex', consumerPid)).dataAddress?.endpointProperties?.[0]?.value === 'secret-token-2');
  await consumer.transfers.complete('globex', consumerPid);
  await waitForState(consumer.transfers, 'globex', consumerPid, 'COMPLETED');
  await waitForState(provider.transfers, 'acme', remote.id, 'COMPLETED');
  t.same(pull.callsOf(remote.id), ['start', 'suspend', 'resume', 'complete']);
});

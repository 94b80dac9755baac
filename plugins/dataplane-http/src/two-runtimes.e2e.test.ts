/**
 * Provider and consumer in two runtimes with their own databases (SQLite and PostgreSQL): a pull
 * and a push across them over real HTTP, the consumer's completion reaching the provider's flow.
 */
import { join } from 'node:path';
import { providerProcessOf, waitForTransferState } from '@tdss/dataplane-sdk/testing';
import { createPostgresDatabase, createTempDir } from '@tdss/testing';
import t from 'tap';
import { PULL, PUSH, pullTarget, startDataPlaneRuntime } from './test-support/data-plane-runtime.ts';
import { generatedData, serveGeneratedData, sha256Of, startInbox } from './test-support/generated-data.ts';

const PROVIDER = 'did:web:acme.example';
const CONSUMER = 'did:web:globex.example';

t.test('pull and push between two runtimes', async (t) => {
  const url = await createPostgresDatabase(t);
  if (!url) return;
  const dir = await createTempDir(t, 'tdss-sqlite-');
  const provider = await startDataPlaneRuntime(t, { name: 'provider', store: { dialect: 'sqlite', file: join(dir, 'provider.sqlite') }, participants: { acme: PROVIDER } });
  const consumer = await startDataPlaneRuntime(t, { name: 'consumer', store: { dialect: 'postgresql', url }, participants: { globex: CONSUMER } });
  const data = generatedData(3 * 1024 * 1024 + 1);
  const source = await serveGeneratedData(t, data);
  await provider.createAsset('acme', 'shared', { type: 'HttpData', baseUrl: `${source.url}/shared` });
  const agree = async (id: string) => {
    await provider.recordAgreement('acme', PROVIDER, CONSUMER, id, 'shared');
    await consumer.recordAgreement('globex', PROVIDER, CONSUMER, id, 'shared');
  };

  await t.test('pull: the consumer reads the provider\'s bytes; its completion ends the provider\'s flow', async (t) => {
    await agree('agreement-pull');
    const requested = await consumer.transfers.request('globex', { counterpartyAddress: provider.dspBase('acme'), agreementId: 'agreement-pull', transferType: PULL });
    const target = pullTarget(await waitForTransferState(consumer.transfers, 'globex', requested.id, ['STARTED']));
    t.match(target.endpoint, `${provider.publicUrl}/dataplane-http/flows/`, 'the provider runtime\'s data plane');
    const res = await fetch(target.endpoint, { headers: { authorization: `Bearer ${target.token}` } });
    t.equal(await sha256Of(res.body!), await data.sha256(), 'exactly the provider\'s bytes');

    await consumer.transfers.complete('globex', requested.id);
    const remote = await providerProcessOf(provider.transfers, 'acme', requested.id);
    await waitForTransferState(provider.transfers, 'acme', remote.id, ['COMPLETED']);
    const after = await fetch(target.endpoint, { headers: { authorization: `Bearer ${target.token}` } });
    t.equal(after.status, 403, 'a completed flow refuses the token');
    t.match(await after.json(), { detail: /COMPLETED/ });
  });

  await t.test('push: the provider runtime streams to the consumer\'s inbox; both sides complete', async (t) => {
    await agree('agreement-push');
    const inbox = await startInbox(t);
    const destination = { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: inbox.url };
    const requested = await consumer.transfers.request('globex', { counterpartyAddress: provider.dspBase('acme'), agreementId: 'agreement-push', transferType: PUSH, dataDestination: destination as never });
    await waitForTransferState(consumer.transfers, 'globex', requested.id, ['COMPLETED']);
    t.match(inbox.received, [{ sha256: await data.sha256(), length: data.size }]);
  });
});

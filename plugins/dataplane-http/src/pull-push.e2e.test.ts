/**
 * End to end in one runtime, two participant contexts (provider and consumer): a transfer is
 * negotiated (agreement recorded on both sides), requested over DSP, started through Data Plane
 * Signaling on the HTTP data plane, and the consumer receives exactly the provider's bytes —
 * pulled with the token of its data address, or pushed to its inbox. Suspend, resume and terminate
 * reach the flow; tokens are checked on every request.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { createFlowTokens } from '@tdss/dataplane-sdk';
import { providerProcessOf, waitForTransferState } from '@tdss/dataplane-sdk/testing';
import { RUNTIME_SCOPE, SecretStore } from '@tdss/sdk';
import { createTempDir, forEachDialect } from '@tdss/testing';
import t from 'tap';
import { startDataPlaneRuntime, PULL, PUSH, pullTarget } from './test-support/data-plane-runtime.ts';
import { generatedData, serveGeneratedData, sha256Of, startInbox } from './test-support/generated-data.ts';

const PROVIDER = { context: 'provider', participantId: 'did:web:provider.example' };
const CONSUMER = { context: 'consumer', participantId: 'did:web:consumer.example' };
const MB = 1024 * 1024;

const pull = (endpoint: string, token: string | undefined, headers: Record<string, string> = {}) =>
  fetch(endpoint, { headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers } });

await forEachDialect(t, 'pull and push between two participant contexts of one runtime', async (t, _dialect, store) => {
  const cut = await startDataPlaneRuntime(t, { name: 'dataplane-e2e', store, participants: { provider: PROVIDER.participantId, consumer: CONSUMER.participantId } });
  const data = generatedData(6 * MB + 12_345);
  const source = await serveGeneratedData(t, data, 'source-api-key');
  await cut.putSecret('provider', 'source-key', 'source-api-key');
  await cut.createAsset('provider', 'pull-asset', { type: 'HttpData', baseUrl: `${source.url}/objects/1`, authKey: 'x-api-key', secretName: 'source-key' });

  const request = async (agreementId: string, transferType: string, dataDestination?: Record<string, unknown>) => {
    const consumer = await cut.transfers.request('consumer', { counterpartyAddress: cut.dspBase('provider'), agreementId, transferType, ...(dataDestination ? { dataDestination: dataDestination as never } : {}) });
    const started = await waitForTransferState(cut.transfers, 'consumer', consumer.id, ['STARTED']);
    return { consumer: started, provider: await providerProcessOf(cut.transfers, 'provider', consumer.id) };
  };

  await t.test('pull: the consumer reads exactly the source, in ranges too; the token is checked on every request', async (t) => {
    await cut.agree(PROVIDER, CONSUMER, 'agreement-pull', 'pull-asset');
    const { consumer, provider } = await request('agreement-pull', PULL);
    const target = pullTarget(consumer);
    t.match(target.endpoint, `${cut.publicUrl}/dataplane-http/flows/`, 'the address is the data plane on the public context');
    t.ok(target.token && target.refreshToken, 'an access and a refresh token come with it');

    const whole = await pull(target.endpoint, target.token);
    t.equal(whole.status, 200);
    t.equal(whole.headers.get('content-length'), String(data.size));
    t.equal(await sha256Of(whole.body!), await data.sha256(), 'the consumer received exactly the provider\'s bytes (sha-256)');
    t.equal(source.keys.at(-1), 'source-api-key', 'the source was called with the secret from the provider\'s secret store');

    const part = await pull(target.endpoint, target.token, { range: 'bytes=1000-1999' });
    t.equal(part.status, 206);
    t.equal(part.headers.get('content-range'), `bytes 1000-1999/${data.size}`);
    t.same(Buffer.from(await part.arrayBuffer()), data.slice(1000, 1999), 'a range is exactly those bytes');

    const refused = async (res: Response, status: number, detail: RegExp, what: string) => {
      t.equal(res.status, status, what);
      t.equal(res.headers.get('content-type'), 'application/problem+json', `${what}: a problem`);
      t.match((await res.json()) as object, { status, detail }, what);
    };
    await refused(await pull(target.endpoint, undefined), 401, /token is required/, 'no token');
    const forged = `${target.token.slice(0, -4)}${target.token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await refused(await pull(target.endpoint, forged), 401, /not valid/, 'a forged token');
    await refused(await pull(target.endpoint, target.refreshToken), 401, /not a access token/, 'the refresh token is no access token');
    const key = await cut.runtime.get(SecretStore).get(RUNTIME_SCOPE, 'dataplane-http/dataplane-http/token-key');
    const expired = await createFlowTokens({ secret: key!, issuer: 'dataplane-http', accessTtlSeconds: -60 }).issue(provider.id, 1);
    await refused(await pull(target.endpoint, expired.accessToken), 401, /expired/, 'an expired token signed with the right key');

    await cut.agree(PROVIDER, CONSUMER, 'agreement-pull-2', 'pull-asset');
    const other = await request('agreement-pull-2', PULL);
    await refused(await pull(target.endpoint, pullTarget(other.consumer).token), 403, /another transfer/, 'the token of another transfer');

    const renewed = await fetch(`${target.refreshEndpoint}?grant_type=refresh_token&refresh_token=${encodeURIComponent(target.refreshToken)}`, { method: 'POST' });
    t.equal(renewed.status, 200, 'the refresh token renews the access token');
    const grant = (await renewed.json()) as { access_token: string; token_type: string; expires_in: number };
    t.match(grant, { token_type: 'Bearer', expires_in: 300 });
    const withRenewed = await pull(target.endpoint, grant.access_token, { range: 'bytes=-10' });
    t.equal(withRenewed.status, 206, 'the renewed token reads');
    t.same(Buffer.from(await withRenewed.arrayBuffer()), data.slice(data.size - 10, data.size - 1), 'a suffix range');
    const beyond = await pull(target.endpoint, grant.access_token, { range: `bytes=${data.size + 5}-` });
    t.equal(beyond.status, 416, 'a range past the end is unsatisfiable (as the source said)');
    await beyond.arrayBuffer();
  });

  await t.test('pull: suspend refuses the token, resume hands out a fresh address, terminate ends it', async (t) => {
    await cut.agree(PROVIDER, CONSUMER, 'agreement-lifecycle', 'pull-asset');
    const { consumer, provider } = await request('agreement-lifecycle', PULL);
    const first = pullTarget(consumer);
    t.equal((await pull(first.endpoint, first.token, { range: 'bytes=0-9' })).status, 206);

    await cut.transfers.suspend('provider', provider.id, 'maintenance');
    await waitForTransferState(cut.transfers, 'provider', provider.id, ['SUSPENDED']);
    await waitForTransferState(cut.transfers, 'consumer', consumer.id, ['SUSPENDED']);
    const suspended = await pull(first.endpoint, first.token);
    t.equal(suspended.status, 403, 'a suspended flow refuses its token');
    t.match(await suspended.json(), { detail: /SUSPENDED/ });
    const noRefresh = await fetch(`${first.refreshEndpoint}?grant_type=refresh_token&refresh_token=${encodeURIComponent(first.refreshToken)}`, { method: 'POST' });
    t.equal(noRefresh.status, 403, 'nor does it renew tokens');
    await noRefresh.arrayBuffer();

    await cut.transfers.resume('provider', provider.id);
    await waitForTransferState(cut.transfers, 'provider', provider.id, ['STARTED']);
    const resumed = await waitForTransferState(cut.transfers, 'consumer', consumer.id, ['STARTED']);
    const second = pullTarget(resumed);
    t.not(second.token, first.token, 'the consumer holds a fresh token after the resume');
    const stale = await pull(first.endpoint, first.token);
    t.equal(stale.status, 401, 'the token from before the suspension stays refused');
    await stale.arrayBuffer();
    const fresh = await pull(second.endpoint, second.token);
    t.equal(await sha256Of(fresh.body!), await data.sha256(), 'the fresh address reads the data again');

    await cut.transfers.terminate('consumer', consumer.id, 'done with it');
    await waitForTransferState(cut.transfers, 'provider', provider.id, ['TERMINATED']);
    const ended = await pull(second.endpoint, second.token);
    t.equal(ended.status, 403, 'a terminated flow refuses every token');
    t.match(await ended.json(), { detail: /TERMINATED/ });
  });

  await t.test('push: the provider streams a file to the consumer\'s inbox and the transfer completes', async (t) => {
    const dir = await createTempDir(t, 'tdss-push-');
    const file = join(dir, 'object.bin');
    const pushed = generatedData(5 * MB + 7);
    await pipeline(pushed.stream(), createWriteStream(file));
    await cut.createAsset('provider', 'push-asset', { type: 'File', path: file });
    await cut.agree(PROVIDER, CONSUMER, 'agreement-push', 'push-asset');
    const inbox = await startInbox(t);
    const destination = { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: inbox.url, endpointProperties: [{ '@type': 'EndpointProperty', name: 'authorization', value: 'inbox-token' }, { '@type': 'EndpointProperty', name: 'authType', value: 'bearer' }] };
    const consumer = await cut.transfers.request('consumer', { counterpartyAddress: cut.dspBase('provider'), agreementId: 'agreement-push', transferType: PUSH, dataDestination: destination as never });
    const provider = await providerProcessOf(cut.transfers, 'provider', consumer.id);
    await waitForTransferState(cut.transfers, 'provider', provider.id, ['COMPLETED']);
    await waitForTransferState(cut.transfers, 'consumer', consumer.id, ['COMPLETED']);
    t.equal(inbox.received.length, 1, 'one upload');
    t.match(inbox.received[0], { sha256: await pushed.sha256(), length: pushed.size, authorization: 'Bearer inbox-token' }, 'the inbox received exactly the file, with its token');
  });

  await t.test('a push whose destination cannot be reached is reported errored: the transfer is terminated with the reason', async (t) => {
    await cut.agree(PROVIDER, CONSUMER, 'agreement-push-lost', 'pull-asset');
    // Nobody listens on port 9 of loopback (discard).
    const destination = { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'http://127.0.0.1:9/inbox' };
    const consumer = await cut.transfers.request('consumer', { counterpartyAddress: cut.dspBase('provider'), agreementId: 'agreement-push-lost', transferType: PUSH, dataDestination: destination as never });
    const provider = await providerProcessOf(cut.transfers, 'provider', consumer.id);
    const ended = await waitForTransferState(cut.transfers, 'provider', provider.id, ['TERMINATED']);
    t.match(ended.errorDetail, /data plane dataplane-http reported an error: push to the destination failed/);
    t.match((await waitForTransferState(cut.transfers, 'consumer', consumer.id, ['TERMINATED'])).errorDetail, /push to the destination failed/, 'the consumer is told why');
  });

  await t.test('a source the data plane cannot serve ends the transfer at the start', async (t) => {
    await cut.createAsset('provider', 'ftp-asset', { type: 'Ftp', host: 'ftp.example' });
    await cut.agree(PROVIDER, CONSUMER, 'agreement-ftp', 'ftp-asset');
    const consumer = await cut.transfers.request('consumer', { counterpartyAddress: cut.dspBase('provider'), agreementId: 'agreement-ftp', transferType: PULL });
    const ended = await waitForTransferState(cut.transfers, 'consumer', consumer.id, ['TERMINATED']);
    t.match(ended.errorDetail, /type "Ftp" is not served/);
  });

  await t.test('the runtime lists its data plane', async (t) => {
    const res = await fetch(`${cut.managementUrl}/v1/dataplanes`);
    t.equal(res.status, 200);
    t.equal(res.headers.get('x-total-count'), '1');
    t.match(await res.json(), [{ id: 'dataplane-http', endpoint: 'in-process', profiles: [PULL, PUSH], local: true }]);
    const signaling = (await (await fetch(`${cut.signalingUrl}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    t.ok(signaling.paths['/dataplane-http/dataflows/start'] && signaling.paths['/transfers/{transferId}/dataflow/{event}'], 'the signaling context documents both sides of DPS');
    const pub = (await (await fetch(`${cut.publicUrl}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    t.ok(pub.paths['/dataplane-http/flows/{flowId}'] && pub.paths['/dataplane-http/token'], 'the public context documents the pull endpoints');
  });
});

t.test('memory stays flat while a 200 MB generated object is pulled through the data plane', async (t) => {
  const dir = await createTempDir(t, 'tdss-sqlite-');
  const cut = await startDataPlaneRuntime(t, { name: 'dataplane-large', store: { dialect: 'sqlite', file: join(dir, 'db.sqlite') }, participants: { provider: PROVIDER.participantId, consumer: CONSUMER.participantId } });
  const data = generatedData(200 * MB);
  const source = await serveGeneratedData(t, data);
  await cut.createAsset('provider', 'large', { type: 'HttpData', baseUrl: `${source.url}/large` });
  await cut.agree(PROVIDER, CONSUMER, 'agreement-large', 'large');
  const requested = await cut.transfers.request('consumer', { counterpartyAddress: cut.dspBase('provider'), agreementId: 'agreement-large', transferType: PULL });
  const target = pullTarget(await waitForTransferState(cut.transfers, 'consumer', requested.id, ['STARTED']));

  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const res = await pull(target.endpoint, target.token);
  const received = await sha256Of(res.body!);
  clearInterval(sampler);
  t.equal(received, await data.sha256(), 'all 200 MB arrived intact');
  const grewMb = (peak - baseline) / MB;
  t.ok(grewMb < 64, `RSS grew by ${grewMb.toFixed(1)} MB while 200 MB streamed through (limit 64 MB)`);
  await writeFile(join(dir, 'rss.txt'), String(grewMb));
});

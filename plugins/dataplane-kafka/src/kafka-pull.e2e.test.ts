/**
 * End to end in one runtime, two participant contexts: the consumer negotiates the provider's
 * Kafka asset over DSP and requests a Kafka-PULL transfer; the consumer's transfer process holds
 * the data address (bootstrap servers of the provider's OAUTHBEARER listener, topic, group, a
 * short-lived token and its refresh grant), and a kafkajs consumer reads the provider's topic with
 * it, renewing its token at the data plane's public token endpoint across several token
 * lifetimes. Suspend cuts it off and refuses renewal, resume hands out a fresh address whose
 * consumer continues from the committed offset, terminate ends it. On SQLite only: the flows are
 * stored as for push, which kafka-transfer.e2e.test.ts proves on both dialects.
 */
import { join } from 'node:path';
import { endpointProperty } from '@tdss/dataplane-sdk';
import { providerProcessOf, waitForTransferState } from '@tdss/dataplane-sdk/testing';
import { HttpServer, RUNTIME_SCOPE } from '@tdss/sdk';
import { createTempDir, freePort } from '@tdss/testing';
import t from 'tap';
import { kafkaBroker } from '../../../test/support/kafka/kafka-bootstrap.ts';
import { pullClientConfig } from './pull/pull-client.ts';
import { signingKeySecret } from './pull/pull-signing-key.ts';
import { probeRead, readPull } from './test-support/pull-reader.ts';
import { createTopic, digest, produce, sleep, values } from './test-support/topics.ts';
import { startTransferRuntime } from './test-support/transfer-runtime.ts';

const TOKEN_TTL_SECONDS = 10;

const broker = await kafkaBroker(t);
if (broker) {
  t.test('a Kafka topic pulled by the consumer with scoped, short-lived credentials on the provider\'s broker', async (t) => {
    const dir = await createTempDir(t, 'tdss-kafka-pull-');
    const orders = await createTopic(broker.bootstrap, 'provider-orders', 3);
    const cut = await startTransferRuntime(t, { name: 'kafka-pull-e2e', store: { dialect: 'sqlite', file: join(dir, 'test.sqlite') }, keyDir: dir, port: await freePort(), dataPlane: { pullTokenTtlSeconds: TOKEN_TTL_SECONDS } });
    // The data plane signs with the key whose public half the test broker trusts (its JWKS file).
    await cut.putSecret(RUNTIME_SCOPE, signingKeySecret('dataplane-kafka'), JSON.stringify(broker.oauth.signingKey));
    await cut.createParticipants('provider', 'consumer');
    await cut.putSecret('provider', 'kafka/orders', JSON.stringify(broker.user));
    await cut.offer('provider', 'orders', {
      type: 'Kafka',
      bootstrapServers: broker.saslBootstrap,
      topic: orders,
      securityProtocol: 'SASL_PLAINTEXT',
      saslMechanism: 'plain',
      secretName: 'kafka/orders',
      pullBootstrapServers: broker.oauth.bootstrap,
      pullSecurityProtocol: 'SASL_PLAINTEXT',
      pullAudience: broker.oauth.audience,
    });
    const agreementId = await cut.negotiate('consumer', 'provider', 'orders');
    const first = values('order', 1_000);
    await produce(broker.bootstrap, orders, first);

    const requested = await cut.transfers.request('consumer', { counterpartyAddress: cut.dspBase('provider'), agreementId, transferType: 'Kafka-PULL' });
    const started = await waitForTransferState(cut.transfers, 'consumer', requested.id, ['STARTED'], 60_000);
    const provider = await providerProcessOf(cut.transfers, 'provider', requested.id);
    const address = started.dataAddress!;
    const property = (name: string) => endpointProperty(address, name);
    const publicUrl = cut.runtime.get(HttpServer).url('public');
    t.match({ endpoint: address.endpoint, topic: property('topic'), mechanism: property('saslMechanism'), expiresIn: property('expiresIn'), refreshEndpoint: property('refreshEndpoint') }, {
      endpoint: broker.oauth.bootstrap,
      topic: orders,
      mechanism: 'OAUTHBEARER',
      expiresIn: String(TOKEN_TTL_SECONDS),
      refreshEndpoint: `${publicUrl}/dataplane-kafka/token`,
    }, 'the consumer holds the provider\'s pull address');

    const jwks = (await (await fetch(`${publicUrl}/dataplane-kafka/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
    t.match(jwks.keys, [{ kid: broker.oauth.signingKey.kid, kty: 'EC', alg: 'ES256' }], 'the JWKS a broker can validate the tokens with');
    t.notOk(jwks.keys[0]!.d, 'without the private key');

    // Renewed 5 s before expiry: over 25 s of reading the consumer needs several tokens.
    const reader = await readPull(address, { renewBeforeMs: 5_000 });
    t.teardown(() => reader.close());
    await reader.waitFor(first.length);
    const trickle: string[] = [];
    for (let i = 0; i < 5; i++) {
      await sleep(5_000);
      const batch = values(`trickle${i}`, 100);
      trickle.push(...batch);
      await produce(broker.bootstrap, orders, batch);
    }
    await reader.waitFor(first.length + trickle.length, 20_000);
    await sleep(1_000);
    t.equal(reader.values.length, first.length + trickle.length, `read across ${Math.ceil(25 / TOKEN_TTL_SECONDS)}+ token lifetimes with renewed tokens, nothing twice`);
    t.equal(digest(reader.values), digest([...first, ...trickle]), 'exactly the provider\'s messages');
    t.same(reader.crashes, [], 'the consumer never lost its access');

    const refreshed = async (refreshToken: string | undefined) => {
      const url = new URL(property('refreshEndpoint')!);
      url.searchParams.set('grant_type', 'refresh_token');
      url.searchParams.set('refresh_token', refreshToken ?? '');
      return fetch(url, { method: 'POST' });
    };
    await cut.transfers.suspend('provider', provider.id, 'maintenance');
    await waitForTransferState(cut.transfers, 'consumer', requested.id, ['SUSPENDED'], 60_000);
    await sleep(1_500);
    const meanwhile = values('meanwhile', 300);
    await produce(broker.bootstrap, orders, meanwhile);
    await sleep(3_000);
    t.equal(reader.values.length, first.length + trickle.length, 'suspended: the consumer reads nothing more');
    const refusedRenewal = await refreshed(property('refreshToken'));
    t.equal(refusedRenewal.status, 403, 'suspended: no renewal');
    t.equal(refusedRenewal.headers.get('content-type'), 'application/problem+json', 'the refusal is a problem');
    await reader.close();

    await cut.transfers.resume('provider', provider.id);
    const resumed = await waitForTransferState(cut.transfers, 'consumer', requested.id, ['STARTED'], 60_000);
    const next = resumed.dataAddress!;
    const nextToken = endpointProperty(next, 'authorization');
    t.not(nextToken, property('authorization'), 'a fresh token after the resume');
    t.equal((await refreshed(property('refreshToken'))).status, 401, 'the refresh token of before the suspend is refused');
    const continued = await readPull(next);
    t.teardown(() => continued.close());
    await continued.waitFor(meanwhile.length);
    await sleep(1_500);
    t.equal(continued.values.length, meanwhile.length, 'resumed from the committed offset: nothing repeated');
    t.equal(digest(continued.values), digest(meanwhile), 'nothing lost');

    await cut.transfers.terminate('consumer', requested.id, 'done');
    await waitForTransferState(cut.transfers, 'provider', provider.id, ['TERMINATED'], 60_000);
    await continued.close();
    const nextRefresh = endpointProperty(next, 'refreshToken');
    t.equal((await refreshed(nextRefresh)).status, 403, 'terminated: no renewal');
    // Its token may have expired by now, so either refusal ends it (kafka-pull.test.ts shows terminate revoking a live token).
    const groupId = String(endpointProperty(next, 'groupId'));
    t.match(await probeRead(pullClientConfig(next, 'tdss-test-probe').config, orders, groupId), /AUTHORIZATION_FAILED|[Aa]uthorization failed|SASL/, 'terminated: the consumer is refused');
  });
}

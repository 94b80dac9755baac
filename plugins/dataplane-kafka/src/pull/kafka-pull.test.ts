import { randomUUID } from 'node:crypto';
import { createMemoryDataFlowStore, type DataAddress, endpointProperty } from '@tdss/dataplane-sdk';
import { problems } from '@tdss/sdk';
import t from 'tap';
import { kafkaBroker } from '../../../../test/support/kafka/kafka-bootstrap.ts';
import { OAUTH_ISSUER } from '../../../../test/support/kafka/kafka-broker.ts';
import type { KafkaSource } from '../address/source-address.ts';
import { createKafkaDataPlane, KAFKA_PULL } from '../data-plane/kafka-data-plane.ts';
import { probeRead, readPull } from '../test-support/pull-reader.ts';
import { startMessage } from '../test-support/start-message.ts';
import { createTopic, digest, kafkaClient, produce, sleep, values } from '../test-support/topics.ts';
import { createPullAccess } from './pull-access.ts';
import { pullClientConfig } from './pull-client.ts';
import { pullGroupId, pullPrincipal } from './pull-principal.ts';
import { generateSigningKey } from './pull-signing-key.ts';
import { createPullTokens } from './pull-tokens.ts';

/** A broker's refusal of a request, as kafkajs reports it (an error type, or the broker's message). */
const REFUSED = /AUTHORIZATION_FAILED|[Aa]uthorization failed/;

const broker = await kafkaBroker(t);
if (broker) {
  const listener = { bootstrapServers: [broker.oauth.bootstrap], securityProtocol: 'SASL_PLAINTEXT', audience: broker.oauth.audience } as const;
  const tokensOf = (ttlSeconds: number, key = broker.oauth.signingKey) => createPullTokens({ key, issuer: OAUTH_ISSUER, ttlSeconds });
  /** A pull data plane for a new topic; the provider's own client (PLAINTEXT, a super user) sets the ACLs. */
  const setup = async (options: { partitions?: number; ttlSeconds?: number; pull?: boolean; processId?: string } = {}) => {
    const topic = await createTopic(broker.bootstrap, 'provider-pull', options.partitions ?? 3);
    const source: KafkaSource = { address: { bootstrapServers: [broker.bootstrap], topic, securityProtocol: 'PLAINTEXT' }, startFrom: 'earliest', ...(options.pull === false ? {} : { pull: listener }) };
    const access = createPullAccess({ tokens: async () => tokensOf(options.ttlSeconds ?? 300), clientId: 'tdss-test' });
    let lost = false;
    const resolveSource = async () => {
      if (lost) throw problems.badRequest('secret "kafka/orders" named by the asset does not exist');
      return source;
    };
    const plane = createKafkaDataPlane({ id: 'kafka', store: createMemoryDataFlowStore(), resolveSource, pull: { access } });
    t.teardown(() => plane.close());
    const processId = options.processId ?? randomUUID();
    const start = () => plane.dataPlane.signaling.start(startMessage(processId, KAFKA_PULL));
    const addressOf = (answer: { body: unknown }) => (answer.body as { dataAddress: DataAddress }).dataAddress;
    const configOf = (address: DataAddress) => pullClientConfig(address, 'tdss-test-probe').config;
    /** From now on the flow's source no longer resolves (its asset's secret was deleted). */
    const loseSource = () => (lost = true);
    return { topic, plane, processId, start, addressOf, configOf, loseSource };
  };
  /** The flow group's committed offsets, summed over the topic's partitions. */
  const committed = async (flowId: string, topic: string) => {
    const admin = kafkaClient(broker.bootstrap).admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId: pullGroupId(flowId), topics: [topic] });
      return offsets!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    } finally {
      await admin.disconnect();
    }
  };
  const waitCommitted = async (flowId: string, topic: string, count: number) => {
    const deadline = Date.now() + 30_000;
    while ((await committed(flowId, topic)) < count && Date.now() < deadline) await sleep(200);
    return committed(flowId, topic);
  };

  t.test('a pull flow: the consumer reads exactly the provider\'s messages; suspend cuts a running consumer off, resume continues from its committed offset, terminate ends it', async (t) => {
    const { topic, plane, processId, start, addressOf, configOf } = await setup();
    const first = values('order', 500);
    await produce(broker.bootstrap, topic, first);

    const started = await start();
    t.match(started, { status: 200, body: { state: 'STARTED' } });
    const address = addressOf(started);
    const property = (name: string) => endpointProperty(address, name);
    t.match({ endpoint: address.endpoint, topic: property('topic'), groupId: property('groupId'), saslMechanism: property('saslMechanism') }, { endpoint: broker.oauth.bootstrap, topic, groupId: pullGroupId(processId), saslMechanism: 'OAUTHBEARER' });
    t.notOk(property('refreshToken'), 'no refresh grant configured: no refresh token');

    const reader = await readPull(address);
    t.teardown(() => reader.close());
    const read = await reader.waitFor(first.length);
    await sleep(1_000);
    t.equal(reader.values.length, first.length, 'exactly the provider\'s messages');
    t.equal(digest(read), digest(first), 'with the provider\'s contents');
    t.equal(await waitCommitted(processId, topic, first.length), first.length, 'the consumer committed its position in the flow\'s group');

    t.match(await plane.dataPlane.signaling.suspend(processId, { messageId: randomUUID(), reason: 'pause' }), { status: 200, body: { state: 'SUSPENDED' } });
    // A fetch in flight when the ACLs went was authorized on arrival and may still return what is
    // appended before it ends (the reader's fetch max wait, 500 ms): write once it is over.
    await sleep(1_500);
    const later = values('later', 300);
    await produce(broker.bootstrap, topic, later);
    await sleep(4_000);
    t.equal(reader.values.length, first.length, 'suspended: the running consumer reads nothing more');
    t.match(reader.crashes.join(' '), REFUSED, 'its next request was refused');
    await reader.close();
    t.match(await probeRead(configOf(address), topic, pullGroupId(processId)), REFUSED, 'the suspended flow\'s token is refused');

    const resumed = await plane.dataPlane.signaling.resume(processId, { messageId: randomUUID() });
    t.match(resumed, { status: 200, body: { state: 'STARTED' } });
    const resumedAddress = addressOf(resumed);
    t.not(endpointProperty(resumedAddress, 'authorization'), property('authorization'), 'a new token');
    t.match(await probeRead(configOf(address), topic, pullGroupId(processId)), REFUSED, 'the token from before the suspend stays refused (its generation\'s principal has no ACLs)');
    const next = await readPull(resumedAddress);
    t.teardown(() => next.close());
    await next.waitFor(later.length);
    await sleep(1_500);
    t.equal(next.values.length, later.length, 'the same group continues from its committed offset: nothing repeated');
    t.equal(digest(next.values), digest(later), 'nothing lost: exactly what was written while suspended');
    t.equal(digest([...reader.values, ...next.values]), digest([...first, ...later]), 'across suspend and resume: every message once');

    t.match(await plane.dataPlane.signaling.terminate(processId, { messageId: randomUUID(), reason: 'done' }), { status: 200, body: { state: 'TERMINATED' } });
    await sleep(1_500);
    await produce(broker.bootstrap, topic, values('after', 100));
    await sleep(4_000);
    t.equal(next.values.length, later.length, 'terminated: the consumer reads nothing more');
    t.match(await probeRead(configOf(resumedAddress), topic, pullGroupId(processId)), REFUSED, 'the terminated flow\'s token is refused');
  });

  t.test('another flow\'s token can read neither this flow\'s topic nor its group', async (t) => {
    const a = await setup({ partitions: 1 });
    const b = await setup({ partitions: 1 });
    await produce(broker.bootstrap, a.topic, values('a', 10));
    await produce(broker.bootstrap, b.topic, values('b', 10));
    const addressA = a.addressOf(await a.start());
    const addressB = b.addressOf(await b.start());
    t.match(await probeRead(b.configOf(addressB), a.topic, pullGroupId(b.processId)), /^TOPIC_AUTHORIZATION_FAILED/, 'B\'s token, A\'s topic');
    t.match(await probeRead(b.configOf(addressB), b.topic, pullGroupId(a.processId)), /Group authorization failed/, 'B\'s token, A\'s group');
    t.match(await probeRead(b.configOf(addressB), b.topic, `tdss-test-other-${randomUUID()}`), /Group authorization failed/, 'B\'s token, a group of its own choosing');
    t.equal(await probeRead(b.configOf(addressB), b.topic, pullGroupId(b.processId)), 'read', 'B\'s token, B\'s topic and group');
    t.equal(await probeRead(a.configOf(addressA), a.topic, pullGroupId(a.processId)), 'read', 'A\'s token, A\'s topic and group');
  });

  t.test('a flow whose id begins another flow\'s id cannot use that flow\'s group', async (t) => {
    const id = randomUUID();
    const a = await setup({ partitions: 1, processId: id });
    const b = await setup({ partitions: 1, processId: `${id}-b` });
    await produce(broker.bootstrap, a.topic, values('a', 10));
    const addressA = a.addressOf(await a.start());
    await b.start();
    t.match(await probeRead(a.configOf(addressA), a.topic, pullGroupId(b.processId)), /Group authorization failed/, 'A\'s token, B\'s group (which A\'s group name begins)');
    t.equal(await probeRead(a.configOf(addressA), a.topic, pullGroupId(a.processId)), 'read', 'A\'s token, A\'s group');
  });

  t.test('an expired token, a token of another key and a consumer whose token expires are refused', async (t) => {
    const { topic, processId, start, configOf, addressOf } = await setup({ partitions: 1, ttlSeconds: 4 });
    await produce(broker.bootstrap, topic, values('x', 100));
    // The address's token lives 4 s and has no refresh grant: the broker ends the session when it expires.
    const address = addressOf(await start());
    const startedAt = Date.now();
    const reader = await readPull(address);
    t.teardown(() => reader.close());
    await reader.waitFor(100);

    const config = configOf(address);
    const principal = pullPrincipal(processId, 1);
    const withToken = (token: string) => ({ ...config, sasl: { mechanism: 'oauthbearer' as const, oauthBearerProvider: async () => ({ value: token }) } });
    const shortLived = await (await tokensOf(1)).issue(principal, broker.oauth.audience);
    await sleep(2_500);
    t.match(await probeRead(withToken(shortLived.token), topic, pullGroupId(processId)), /SASL/, 'expired');
    const forged = await (await tokensOf(60, generateSigningKey())).issue(principal, broker.oauth.audience);
    t.match(await probeRead(withToken(forged.token), topic, pullGroupId(processId)), /SASL/, 'signed with a key the broker does not trust');
    const otherCluster = await (await tokensOf(60)).issue(principal, 'another-cluster');
    t.match(await probeRead(withToken(otherCluster.token), topic, pullGroupId(processId)), /SASL/, 'for another audience');

    await sleep(Math.max(0, startedAt + 7_000 - Date.now()));
    await produce(broker.bootstrap, topic, values('y', 100));
    await sleep(3_000);
    t.equal(reader.values.length, 100, 'a consumer whose token expired reads nothing more');
    t.match(reader.crashes.join(' '), /SASL|Closed connection/, 'its re-authentication failed');
  });

  t.test('terminate ends a pull flow whose source no longer resolves', async (t) => {
    const { plane, processId, start, loseSource } = await setup({ partitions: 1 });
    t.match(await start(), { status: 200, body: { state: 'STARTED' } });
    loseSource();
    // Refused, the flow would stay STARTED and its refresh tokens would keep renewing access.
    t.match(await plane.dataPlane.signaling.terminate(processId, { messageId: randomUUID(), reason: 'asset deleted' }), { status: 200, body: { state: 'TERMINATED' } });
    t.match(await plane.dataPlane.flow(processId), { state: 'TERMINATED' });
  });

  t.test('a pull of an asset that names no pull listener is refused for good', async (t) => {
    const { start, plane, processId } = await setup({ partitions: 1, pull: false });
    const refused = await start().catch((error: unknown) => error as { status: number; message: string });
    t.match(refused, { status: 400, message: /names no pull listener/ });
    t.match(await plane.dataPlane.flow(processId), { state: 'TERMINATED' });
  });
}

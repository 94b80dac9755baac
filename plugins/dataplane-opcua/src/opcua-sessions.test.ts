/**
 * The session pool against a real node-opcua server: who shares a session and who does not, the
 * last release closes it, an acquire at the same time as that release gets a live session, and a server
 * gone for longer than serverGoneMs is reported to the leases.
 */
import { join } from 'node:path';
import { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { pino } from 'pino';
import { createTempDir } from '@tdss/testing';
import t from 'tap';
import { createOpcUaSessions } from './opcua-sessions.ts';
import { readSourceAddress } from './source-address.ts';
import { startOpcUaServer, USERS } from './test-support/opcua-server.ts';

const until = async (what: string, done: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

t.test('sessions are shared by participant context and credentials, closed by the last release, and report a server gone', async (t) => {
  const server = await startOpcUaServer(t);
  const pki = new OPCUACertificateManager({ rootFolder: join(await createTempDir(t, 'tdss-opcua-client-pki-'), 'pki'), automaticallyAcceptUnknownCertificate: true });
  t.teardown(() => pki.dispose());
  // Every participant context holds the operator's password under two names, and a wrong one.
  const secrets: Record<string, string> = { password: USERS.operator!, 'same-password': USERS.operator!, wrong: 'nope' };
  const sessions = createOpcUaSessions({ pki: () => pki, readSecret: async (_context, name) => secrets[name], connectTimeoutMs: 5000, serverGoneMs: 600, applicationName: 'tdss-test', logger: pino({ level: 'silent' }) });
  t.teardown(() => sessions.closeAll());
  const source = (passwordSecret: string) => readSourceAddress({ type: 'OpcUa', endpointUrl: server.endpointUrl, nodes: [server.nodes.label], securityMode: 'SignAndEncrypt', identity: { type: 'UserName', userName: 'operator', passwordSecret } });

  const a1 = await sessions.acquire(source('password'), 'tenant-a');
  const a2 = await sessions.acquire(source('same-password'), 'tenant-a');
  t.equal(server.sessionCount(), 1, 'one participant context, the same credentials (under two secret names): one session');
  const b = await sessions.acquire(source('password'), 'tenant-b');
  t.equal(server.sessionCount(), 2, 'another participant context never shares it');
  t.equal(sessions.size(), 2);
  t.match(await a2.read(), [{ value: server.label(), statusCode: { name: 'Good' } }], 'every lease reads');

  await a1.release();
  await a1.release();
  t.equal(sessions.size(), 2, 'a release (even twice) keeps the session of the other lease');
  // The last release and a new acquire at once: the new lease must not get the closing session.
  const [, again] = await Promise.all([a2.release(), sessions.acquire(source('password'), 'tenant-a')]);
  t.match(await again.read(), [{ value: server.label() }], 'an acquire at the same time as the last release reads from a live session');
  await again.release();
  await b.release();
  t.equal(sessions.size(), 0, 'the last releases close the connections');
  await until('the server sees no session', () => server.sessionCount() === 0);

  await t.rejects(sessions.acquire(source('wrong'), 'tenant-a'), { status: 400, message: /refused the session .*BadUserAccessDenied/ }, 'wrong credentials are a refusal');
  t.equal(sessions.size(), 0, 'a failed open leaves nothing behind');

  const watched = await sessions.acquire(source('password'), 'tenant-a');
  const reasons: string[] = [];
  watched.onGone((reason) => reasons.push(reason));
  await server.stop();
  await until('the lease is told the server is gone', () => reasons.length > 0);
  t.match(reasons, [/unreachable for more than 600 ms/]);
  await watched.release();
});

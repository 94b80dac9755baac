/**
 * Issuance is durable: a request whose delivery failed is still delivered after the issuer's
 * runtime stopped and another one started on the same database, with the credential the first
 * attempt made (same id, same status list entry).
 */
import { randomBytes } from 'node:crypto';
import { forEachDialect, freePort } from '@tdss/testing';
import t from 'tap';
import { parseCredential } from '../credentials/parse-credential.ts';
import { startIssuerRuntime } from '../test-support/issuer-runtime.ts';
import { selfIssuedToken, startTestParties } from '../test-support/test-parties.ts';

forEachDialect(t, 'a pending delivery survives a restart of the issuer runtime', async (t, _dialect, database) => {
  const parties = await startTestParties(t);
  const holder = await parties.party('holder', { credentialService: true });
  let available = false;
  const attempts: string[] = [];
  holder.route('/cs/credentials', (_req, body) => {
    attempts.push(body);
    return available ? { status: 204, body: '' } : { status: 503, body: { status: 503, detail: 'down for maintenance' } };
  });

  const shared = { database, port: await freePort(), masterKey: randomBytes(32).toString('base64') };
  // Long enough to stop the runtime before its second attempt.
  const slowRetry = { retry: { baseDelayMs: 1_500, maxDelayMs: 1_500, maxAttempts: 5, jitter: 0 } };
  const first = await startIssuerRuntime(t, { ...shared, settings: { issuance: { leaseMs: 60_000, batchSize: 20, pollIntervalMs: 50, ...slowRetry } } });
  const authority = await first.participant('authority');
  const definition = await first.issuerApi('POST', 'authority', '/credential-definitions', {
    credentialType: 'MembershipCredential',
    attestations: [{ type: 'holderAllowList', holders: [{ holder: holder.did }] }],
  });
  t.equal(definition.status, 201);
  const created = await fetch(`${first.url('protocol')}/dcp/authority/issuer/credentials`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await selfIssuedToken(holder, authority.did)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'], type: 'CredentialRequestMessage', holderPid: 'h-1', credentials: [{ id: definition.body.id }] }),
  });
  t.equal(created.status, 201);
  const requestId = created.headers.get('location')!.split('/').pop()!;
  await first.eventually('the first failed delivery', async () => (await first.issuerApi('GET', 'authority', `/requests/${requestId}`)).body.attempts === 1);
  await first.runtime.stop();
  t.equal(attempts.length, 1, 'one attempt before the stop');

  available = true;
  const second = await startIssuerRuntime(t, shared);
  const delivered = await second.eventually('the delivery by the second runtime', async () => {
    const request = (await second.issuerApi('GET', 'authority', `/requests/${requestId}`)).body;
    return request.state === 'ISSUED' ? request : undefined;
  });
  t.match(delivered, { holderDid: holder.did, holderPid: 'h-1', status: 'ISSUED' });
  t.equal(attempts.length, 2, 'delivered on the next attempt');
  const [before, after] = attempts.map((body) => parseCredential(JSON.parse(body).credentials[0].payload));
  t.equal(after!.id, before!.id, 'the same credential');
  t.same(after!.status, before!.status, 'with the same status list entry');
  t.equal((await second.issuerApi('GET', 'authority', `/credentials?requestId=${requestId}`)).body.length, 1, 'made once');
});

/**
 * The DCP issuer endpoints as a holder outside the runtime meets them: a did:web test party with
 * its own credential service. Forged, replayed, expired and misaddressed tokens are refused with
 * 401; a valid request is 201 with the status Location, repeated holderPids find it; the delivery
 * to the holder's Storage API carries the issuer's token (with the holder's access token) and a
 * credential whose status list the issuer serves signed, with the bit set once revoked. A holder
 * that does not take the delivery leaves the request FAILED and its credential revoked.
 */
import { forEachDialect } from '@tdss/testing';
import { CompactSign, decodeJwt, importJWK } from 'jose';
import t from 'tap';
import { parseCredential } from '../credentials/parse-credential.ts';
import { readStatusEntry } from '../status/status-entry.ts';
import { bitAt, readStatusList } from '../status/status-list.ts';
import { startIssuerRuntime } from '../test-support/issuer-runtime.ts';
import { epoch, selfIssuedToken, startTestParties, type TestParty } from '../test-support/test-parties.ts';
import { verifyJws } from '../verify/verify-jws.ts';

forEachDialect(t, 'the DCP issuer service of a tenant', async (t, _dialect, database) => {
  const hub = await startIssuerRuntime(t, { database });
  const parties = await startTestParties(t);
  const holder = await parties.party('holder', { credentialService: true });
  const rogue = await parties.party('rogue', { credentialService: true });
  const down = await parties.party('down', { credentialService: true });
  const authority = await hub.participant('authority');
  await hub.participant('alice');

  const deliveries: Array<{ authorization: string; body: any }> = [];
  holder.route('/cs/credentials', (req, body) => {
    deliveries.push({ authorization: String(req.headers.authorization), body: JSON.parse(body) });
    return { status: 204, body: '' };
  });
  down.route('/cs/credentials', () => ({ status: 400, type: 'application/problem+json', body: { status: 400, detail: 'this holder does not trust you' } }));

  const define = async (credentialType: string, holders: TestParty[]) =>
    (await hub.issuerApi('POST', 'authority', '/credential-definitions', { credentialType, attestations: [{ type: 'holderAllowList', holders: holders.map((p) => ({ holder: p.did })) }] })).body.id as string;
  const membership = await define('MembershipCredential', [holder, down]);
  const other = await define('OtherCredential', [holder]);

  const base = `${hub.url('protocol')}/dcp/authority/issuer`;
  const message = (holderPid: string, ids = [membership]) => ({
    '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'],
    type: 'CredentialRequestMessage',
    holderPid,
    credentials: ids.map((id) => ({ id })),
  });
  const post = (authorization: string | undefined, body: unknown, url = `${base}/credentials`) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify(body) });
  const bearer = async (party: TestParty, claims: Record<string, unknown> = {}, header?: Parameters<TestParty['sign']>[1]) => `Bearer ${await selfIssuedToken(party, authority.did, claims, header)}`;

  t.test('requests that are not authenticated are 401', async (t) => {
    const refusals: Array<[string, string | undefined, RegExp]> = [
      ['no header', undefined, /no Authorization header/],
      ['garbage', 'Bearer not.a.token', /not a readable JWT/],
      ['another audience', `Bearer ${await selfIssuedToken(holder, hub.didOf('alice'))}`, /not addressed to/],
      ['expired', await bearer(holder, { iat: epoch(-900), exp: epoch(-600) }), /expired/],
      ['iss is not sub', await bearer(holder, { sub: rogue.did }), /iss and sub/],
      ['forged: the rogue signs under the holder\'s kid', `Bearer ${await rogue.sign({ iss: holder.did, sub: holder.did, aud: authority.did, jti: 'forged', iat: epoch(), exp: epoch(300) }, { kid: holder.kid })}`, /does not verify/],
    ];
    for (const [what, authorization, reason] of refusals) {
      const response = await post(authorization, message(`refused-${what}`));
      t.equal(response.status, 401, what);
      t.match(((await response.json()) as { detail: string }).detail, reason, what);
    }
    t.equal((await hub.issuerApi('GET', 'authority', '/requests')).body.length, 0, 'nothing was recorded');
  });

  let requestId = '';
  t.test('a request is received, then delivered to the holder\'s Storage API', async (t) => {
    const authorization = await bearer(holder, { token: 'holder-access-token-for-the-issuer' });
    const created = await post(authorization, message('holder-1'));
    t.equal(created.status, 201);
    const location = created.headers.get('location')!;
    t.match(location, /^\/protocol\/dcp\/authority\/issuer\/requests\/[0-9a-f-]{36}$/);
    requestId = location.split('/').pop()!;
    t.equal((await post(authorization, message('holder-1'))).status, 401, 'the same token again is a replay');
    const again = await post(await bearer(holder), message('holder-1'));
    t.equal(again.status, 201);
    t.equal(again.headers.get('location'), location, 'the same holderPid finds the same request');
    t.equal((await post(await bearer(holder), message('holder-1', [other]))).status, 409, 'a holderPid names one request');
    t.equal((await post(await bearer(holder), message('holder-2', ['unknown']))).status, 400, 'a credential the issuer does not offer');
    t.equal((await post(await bearer(holder), { ...message('holder-2'), credentials: [] })).status, 400);
    const { '@context': _context, ...contextless } = message('holder-2');
    const noContext = await post(await bearer(holder), contextless);
    t.equal(noContext.status, 400, 'DCP requires the @context');
    t.match(await noContext.json(), { detail: /^@context must name the DCP context/ });
    t.equal((await post(await bearer(holder), { ...message('holder-2'), '@context': ['https://www.w3.org/ns/credentials/v2'] })).status, 400, 'another context');
    // The did:key specification's P-256 test vector: a holder that authenticates, on a method without services.
    const didKey = 'did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv';
    const didKeyJwk = { kty: 'EC', crv: 'P-256', x: 'igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns', y: 'efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM', d: 'gPh-VvVS8MbvKQ9LSVVmfnxnKjHn4Tqj0bmbpehRlpc' };
    const didKeyToken = await new CompactSign(new TextEncoder().encode(JSON.stringify({ iss: didKey, sub: didKey, aud: authority.did, jti: 'did-key-1', iat: epoch(), exp: epoch(300) })))
      .setProtectedHeader({ alg: 'ES256', kid: `${didKey}#${didKey.slice('did:key:'.length)}` })
      .sign(await importJWK(didKeyJwk, 'ES256'));
    const unbound = await post(`Bearer ${didKeyToken}`, message('did-key-1'));
    t.equal(unbound.status, 400, 'a holder outside the bindingMethods');
    t.match(await unbound.json(), { detail: 'this issuer binds credentials to did:web holders (its bindingMethods), not to did:key' });
    t.equal((await post(await bearer(holder), message('holder-3'), `${hub.url('protocol')}/dcp/alice/issuer/credentials`)).status, 404, 'alice issues nothing');

    await hub.eventually('the delivery', async () => deliveries.length > 0);
    const [delivery] = deliveries;
    const token = decodeJwt(delivery!.authorization.replace(/^Bearer /, ''));
    t.match(token, { iss: authority.did, sub: authority.did, aud: holder.did, token: 'holder-access-token-for-the-issuer' }, 'the issuer\'s token carries the holder\'s access token');
    t.match(delivery!.body, { type: 'CredentialMessage', issuerPid: requestId, holderPid: 'holder-1', status: 'ISSUED', credentials: [{ credentialType: 'MembershipCredential', format: 'vc11-sl2021/jwt', payload: String }] });
    const payload = delivery!.body.credentials[0].payload as string;
    t.match(await verifyJws(hub.resolver, payload, { signer: authority.did }), { did: authority.did }, 'signed by the authority under assertionMethod');
    const credential = parseCredential(payload);
    t.match(credential, { issuer: authority.did, subjectId: holder.did, types: ['VerifiableCredential', 'MembershipCredential'] });
    t.ok(credential.validUntil!.getTime() - credential.validFrom!.getTime() > 364 * 24 * 3600 * 1000, 'valid for the default year');
    t.same(await hub.secrets.list('authority', 'issuance-requests/'), [], 'the holder\'s access token is gone once delivered');

    const entry = readStatusEntry(credential.status[0]!);
    const listAt = async () => {
      const response = await fetch(entry.listUrl);
      t.equal(response.headers.get('content-type'), 'application/vc+jwt');
      const jws = await response.text();
      await verifyJws(hub.resolver, jws, { signer: authority.did });
      return readStatusList(jws, 1_048_576);
    };
    const list = await listAt();
    t.match(list, { issuer: authority.did, purposes: ['revocation'] });
    t.equal(bitAt(list.bits, entry.index), false, 'not revoked');
    const [issued] = (await hub.issuerApi('GET', 'authority', `/credentials?requestId=${requestId}`)).body;
    t.match(issued, { credentialId: credential.id, statusListIndex: entry.index, holderDid: holder.did, revokedAt: null });
    await hub.issuerApi('POST', 'authority', `/credentials/${issued.id}/revoke`);
    t.equal(bitAt((await listAt()).bits, entry.index), true, 'revoked');
    t.equal((await fetch(`${base}/status-lists/unknown`)).status, 404);
  });

  t.test('the request status, for its holder only', async (t) => {
    const get = (authorization?: string) => fetch(`${base}/requests/${requestId}`, { headers: authorization ? { authorization } : {} });
    const mine = await get(await bearer(holder));
    t.equal(mine.status, 200);
    t.same(await mine.json(), { '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'], type: 'CredentialStatus', issuerPid: requestId, holderPid: 'holder-1', status: 'ISSUED' });
    t.equal((await get(await bearer(rogue))).status, 404, 'another holder does not see it');
    t.equal((await get()).status, 401);
    t.equal((await get(`Bearer ${await selfIssuedToken(holder, hub.didOf('alice'))}`)).status, 401, 'wrong audience');
  });

  t.test('a holder that refuses the delivery: FAILED, and the credential revoked', async (t) => {
    const created = await post(await bearer(down), message('down-1'));
    t.equal(created.status, 201);
    const id = created.headers.get('location')!.split('/').pop()!;
    const request = await hub.eventually('the delivery to give up', async () => {
      const answer = await hub.issuerApi('GET', 'authority', `/requests/${id}`);
      return answer.body.state === 'FAILED' ? answer.body : undefined;
    });
    t.match(request, { status: 'REJECTED', errorDetail: `the credential service of ${down.did} answered 400: this holder does not trust you` });
    t.match((await hub.issuerApi('GET', 'authority', `/credentials?requestId=${id}`)).body, [{ revokedAt: String }]);
    t.ok(hub.logs.lines.some((line) => line.msg === 'credential delivery gave up' && line.requestId === id));
  });

  t.test('a holder not on the allow list is told why', async (t) => {
    const rejections: any[] = [];
    rogue.route('/cs/credentials', (_req, body) => {
      rejections.push(JSON.parse(body));
      return { status: 204, body: '' };
    });
    t.equal((await post(await bearer(rogue), message('rogue-1'))).status, 201, 'the request itself is received');
    await hub.eventually('the rejection', async () => rejections.length > 0);
    t.match(rejections[0], { type: 'CredentialMessage', status: 'REJECTED', holderPid: 'rogue-1', rejectionReason: `${rogue.did} is not allowed to hold a MembershipCredential` });
    t.notOk(rejections[0].credentials?.length, 'no credential');
  });

  t.test('no token, credential or private key in a log line', async (t) => {
    const logs = hub.logs.lines.map((line) => JSON.stringify(line)).join('\n');
    t.notOk(logs.includes('holder-access-token-for-the-issuer'), 'the holder\'s access token');
    t.notMatch(logs, /eyJ[\w-]+\.[\w-]+\.[\w-]+/, 'anything shaped like a JWS');
    for (const key of await hub.privateKeyValues(['authority', 'alice'])) t.notOk(logs.includes(key) || hub.answers.join('\n').includes(key), 'a private key value');
  });
});

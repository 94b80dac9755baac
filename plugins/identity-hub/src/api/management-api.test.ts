/** The identity API on the management context, over HTTP. */
import t from 'tap';
import { startIdentityRuntime } from '../test-support/identity-runtime.ts';

const KEYPAIRS = '/v1/participants/acme/keypairs';

t.test('key pairs: create, get, list with paging and state filter, activate, rotate, revoke', async (t) => {
  const { api } = await startIdentityRuntime(t);
  const created = await api('POST', KEYPAIRS, { keyId: 'one' });
  t.equal(created.status, 201);
  t.match(created.body, { participantId: 'acme', keyId: 'one', state: 'ACTIVATED', algorithm: 'Ed25519' });
  t.equal(new URL(created.headers.get('location')!, 'http://x').pathname, `/management${KEYPAIRS}/${created.body.id}`);
  const spare = await api('POST', KEYPAIRS, { keyId: 'two', algorithm: 'P-256', activate: false });
  t.match(spare.body, { state: 'CREATED', algorithm: 'P-256' });
  const noBody = await api('POST', KEYPAIRS);
  t.equal(noBody.status, 409, 'a second active key is refused');
  t.match(noBody.headers.get('content-type'), 'application/problem+json');

  t.same((await api('GET', `${KEYPAIRS}/${created.body.id}`)).body, created.body);
  const all = await api('GET', `${KEYPAIRS}?offset=1&limit=1`);
  t.match(all.body, [{ keyId: 'two' }]);
  t.equal(all.body.length, 1);
  t.equal(all.headers.get('x-total-count'), '2');
  t.same((await api('GET', `${KEYPAIRS}?state=CREATED`)).body.map((k: { keyId: string }) => k.keyId), ['two']);

  t.equal((await api('POST', `${KEYPAIRS}/${spare.body.id}/activate`)).status, 409);
  const rotated = await api('POST', `${KEYPAIRS}/${created.body.id}/rotate`, { keyId: 'three' });
  t.equal(rotated.status, 200);
  t.match(rotated.body, { rotated: { keyId: 'one', state: 'ROTATED' }, successor: { keyId: 'three', state: 'ACTIVATED' } });
  const revoked = await api('POST', `${KEYPAIRS}/${rotated.body.successor.id}/revoke`);
  t.match(revoked.body, { keyId: 'three', state: 'REVOKED' });
  const activated = await api('POST', `${KEYPAIRS}/${spare.body.id}/activate`);
  t.match(activated.body, { keyId: 'two', state: 'ACTIVATED' }, 'with no active key left, the spare can be activated');
  t.same((await api('GET', `${KEYPAIRS}?state=ROTATED`)).body.map((k: { keyId: string }) => k.keyId), ['one']);
});

t.test('DIDs: list and get with the current document', async (t) => {
  const { api, url } = await startIdentityRuntime(t);
  const none = await api('GET', '/v1/participants/acme/dids');
  t.same(none.body, []);
  t.equal(none.headers.get('x-total-count'), '0');
  const key = (await api('POST', KEYPAIRS, { keyId: 'k' })).body;
  const list = await api('GET', '/v1/participants/acme/dids?limit=10');
  t.match(list.body, [{ participantId: 'acme', documentUrl: `${url('identity')}/acme/did.json` }]);
  t.equal(list.headers.get('x-total-count'), '1');
  const did = list.body[0].did as string;
  t.equal(key.verificationMethodId, `${did}#k`);
  const one = await api('GET', `/v1/participants/acme/dids/${encodeURIComponent(did)}`);
  t.equal(one.status, 200);
  t.match(one.body, { did, document: { id: did, verificationMethod: [{ id: `${did}#k` }] } });
  t.equal((await api('GET', `/v1/participants/acme/dids/${encodeURIComponent('did:web:elsewhere:acme')}`)).status, 404);
});

t.test('invalid input is a 400 problem that names what is wrong', async (t) => {
  const { api } = await startIdentityRuntime(t);
  const cases: Array<[string, string, unknown, RegExp]> = [
    ['GET', '/v1/participants/bad%20id/keypairs', undefined, /participant id/],
    ['POST', '/v1/participants/.x/keypairs', {}, /participant id/],
    ['POST', KEYPAIRS, { algorithm: 'RSA' }, /algorithm must be one of/],
    ['POST', KEYPAIRS, { keyId: 'a/b' }, /keyId/],
    ['POST', KEYPAIRS, { keyId: 7 }, /keyId must be a string/],
    ['POST', KEYPAIRS, { activate: 'yes' }, /activate must be true or false/],
    ['POST', KEYPAIRS, { privateKey: 'x' }, /unknown member\(s\) "privateKey"/],
    ['POST', KEYPAIRS, [1], /must be a JSON object/],
    ['GET', `${KEYPAIRS}?offset=-1`, undefined, /offset: must be an integer/],
    ['GET', `${KEYPAIRS}?limit=abc`, undefined, /limit: must be an integer/],
    ['GET', `${KEYPAIRS}?limit=0`, undefined, /limit/],
    ['GET', `${KEYPAIRS}?state=LOST`, undefined, /state must be one of/],
    ['GET', `${KEYPAIRS}?state=CREATED&state=REVOKED`, undefined, /state: given more than once/],
  ];
  for (const [method, path, body, detail] of cases) {
    const answer = await api(method, path, body);
    t.equal(answer.status, 400, `${method} ${path} ${JSON.stringify(body)}`);
    t.match(answer.body, { status: 400, detail });
  }
  const key = (await api('POST', KEYPAIRS)).body;
  const rotate = await api('POST', `${KEYPAIRS}/${key.id}/rotate`, { activate: true });
  t.equal(rotate.status, 400, 'rotate takes only algorithm and keyId');
  const revoke = await api('POST', `${KEYPAIRS}/${key.id}/revoke`, { reason: 'x' });
  t.equal(revoke.status, 400, 'revoke takes no members');
  t.equal((await api('GET', `${KEYPAIRS}/${key.id}`)).body.state, 'ACTIVATED', 'refused requests changed nothing');
});

t.test('unknown key pairs are 404 problems', async (t) => {
  const { api } = await startIdentityRuntime(t);
  for (const [method, path] of [
    ['GET', `${KEYPAIRS}/nope`],
    ['POST', `${KEYPAIRS}/nope/rotate`],
    ['POST', `${KEYPAIRS}/nope/revoke`],
    ['POST', `${KEYPAIRS}/nope/activate`],
  ] as const) {
    const answer = await api(method, path);
    t.equal(answer.status, 404, `${method} ${path}`);
    t.match(answer.body, { detail: 'participant acme has no key pair nope' });
  }
});

t.test('the OpenAPI documents describe the identity API and the did:web path', async (t) => {
  const { api } = await startIdentityRuntime(t);
  const management = (await api('GET', '/openapi.json')).body;
  t.same(
    Object.keys(management.paths).filter((p: string) => p.startsWith('/v1/participants/')).sort(),
    [
      '/v1/participants/{participantId}/credential-offers',
      '/v1/participants/{participantId}/credentials',
      '/v1/participants/{participantId}/credentials/{credentialEntryId}',
      '/v1/participants/{participantId}/dids',
      '/v1/participants/{participantId}/dids/{did}',
      '/v1/participants/{participantId}/issuer/credential-definitions',
      '/v1/participants/{participantId}/issuer/credential-definitions/{definitionId}',
      '/v1/participants/{participantId}/issuer/credentials',
      '/v1/participants/{participantId}/issuer/credentials/{issuedCredentialId}',
      '/v1/participants/{participantId}/issuer/credentials/{issuedCredentialId}/revoke',
      '/v1/participants/{participantId}/issuer/offers',
      '/v1/participants/{participantId}/issuer/requests',
      '/v1/participants/{participantId}/issuer/requests/{requestId}',
      '/v1/participants/{participantId}/issuer/requests/{requestId}/approve',
      '/v1/participants/{participantId}/issuer/requests/{requestId}/reject',
      '/v1/participants/{participantId}/keypairs',
      '/v1/participants/{participantId}/keypairs/{keyPairId}',
      '/v1/participants/{participantId}/keypairs/{keyPairId}/activate',
      '/v1/participants/{participantId}/keypairs/{keyPairId}/revoke',
      '/v1/participants/{participantId}/keypairs/{keyPairId}/rotate',
      '/v1/participants/{participantId}/sts/client-secret',
    ],
  );
  t.ok(management.components.schemas.IdentityKeyPair);
  t.same(Object.keys(management.paths['/v1/participants/{participantId}/keypairs']).sort(), ['get', 'post']);
  const identity = (await api('GET', '/openapi.json', undefined, 'identity')).body;
  t.ok(identity.paths['/{participantId}/did.json'].get);
  t.ok(identity.components.schemas.IdentityDidDocument);
});

/** DID documents as did:web resolution sees them: served over real HTTP on the identity context. */
import { contributingPlugin } from '@tdss/testing';
import t from 'tap';
import { startIdentityRuntime } from '../test-support/identity-runtime.ts';
import type { DidDocument } from './did-document.ts';
import { DidDocumentServices } from './did-service.ts';

t.test('the document is served at <identity URL>/<participant>/did.json and names itself by the matching did:web', async (t) => {
  const hub = await startIdentityRuntime(t);
  const active = await hub.keys.create('acme', { keyId: 'signing' });
  const created = await hub.keys.create('acme', { algorithm: 'P-256', keyId: 'spare', activate: false });
  const identity = new URL(hub.url('identity'));
  const did = `did:web:127.0.0.1%3A${identity.port}:identity:acme`;

  const response = await fetch(`${hub.url('identity')}/acme/did.json`);
  t.equal(response.status, 200);
  t.match(response.headers.get('content-type'), /^application\/did\+ld\+json/);
  const document = (await response.json()) as DidDocument;
  const methodId = `${did}#signing`;
  t.same(document, {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1', 'https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'],
    id: did,
    verificationMethod: [{ id: methodId, type: 'JsonWebKey2020', controller: did, publicKeyJwk: active.publicJwk }],
    authentication: [methodId],
    assertionMethod: [methodId],
    capabilityInvocation: [methodId],
    service: [{ id: `${did}#credential-service`, type: 'CredentialService', serviceEndpoint: `${hub.url('protocol')}/dcp/acme` }],
  });
  t.notOk(JSON.stringify(document).includes(created.keyId), 'a CREATED key is not published');
  t.same(Object.keys(document.verificationMethod![0]!.publicKeyJwk!).sort(), ['crv', 'kty', 'x'], 'public members only');

  t.same(await hub.resolver.resolve(did), document, 'our own did:web resolves over HTTP to the same document');
  t.same((await hub.dids.find('acme'))?.documentUrl, `${hub.url('identity')}/acme/did.json`);
});

t.test('rotated keys stay in the document, revoked keys leave it', async (t) => {
  const hub = await startIdentityRuntime(t);
  const first = await hub.keys.create('acme', { keyId: 'first' });
  const { successor } = await hub.keys.rotate('acme', first.id, { keyId: 'second', algorithm: 'P-256' });
  const methods = async () => ((await hub.dids.document('acme'))!.verificationMethod ?? []).map((m) => m.id.split('#')[1]);
  t.same(await methods(), ['first', 'second']);
  t.same((await hub.dids.document('acme'))!.capabilityInvocation!.map((id) => (id as string).split('#')[1]), ['first', 'second']);
  await hub.keys.revoke('acme', first.id);
  t.same(await methods(), ['second']);
  await hub.keys.revoke('acme', successor.id);
  t.same(await methods(), [], 'a participant without usable keys still has its document');
});

t.test('unknown participants and ids that are no participant ids get a 404 problem', async (t) => {
  const hub = await startIdentityRuntime(t);
  for (const path of ['/nobody/did.json', '/..%2F..%2Fetc/did.json', '/.hidden/did.json']) {
    const response = await fetch(`${hub.url('identity')}${path}`);
    t.equal(response.status, 404, path);
    t.match(response.headers.get('content-type'), 'application/problem+json');
  }
});

t.test('didBaseUrl and credentialServiceBaseUrl move the DID and the CredentialService endpoint', async (t) => {
  const hub = await startIdentityRuntime(t, {
    settings: { didBaseUrl: 'https://id.example.com:8443/tenants/', credentialServiceBaseUrl: 'https://cs.example.com/api/dcp' },
  });
  await hub.keys.create('acme');
  const document = (await hub.dids.document('acme'))!;
  t.equal(document.id, 'did:web:id.example.com%3A8443:tenants:acme');
  t.same(document.service, [{ id: `${document.id}#credential-service`, type: 'CredentialService', serviceEndpoint: 'https://cs.example.com/api/dcp/acme' }]);
  t.equal((await hub.dids.find('acme'))!.documentUrl, 'https://id.example.com:8443/tenants/acme/did.json');
  const served = (await (await fetch(`${hub.url('identity')}/acme/did.json`)).json()) as DidDocument;
  t.equal(served.id, document.id, 'the identity context serves it; a proxy maps didBaseUrl onto it');
});

t.test('a DidDocumentServices contribution adds entries where it applies, e.g. IssuerService for an issuer', async (t) => {
  const issuers = contributingPlugin('test-issuer-services', DidDocumentServices, ({ participantId, did }) =>
    participantId === 'issuer' ? [{ id: `${did}#issuer-service`, type: 'IssuerService', serviceEndpoint: `https://issuer.example.com/${participantId}` }] : [],
  );
  const hub = await startIdentityRuntime(t, { plugins: [issuers] });
  await hub.keys.create('issuer');
  await hub.keys.create('holder');
  const types = async (participant: string) => (await hub.dids.document(participant))!.service!.map((s) => s.type);
  t.same(await types('issuer'), ['CredentialService', 'IssuerService']);
  t.same(await types('holder'), ['CredentialService']);
});

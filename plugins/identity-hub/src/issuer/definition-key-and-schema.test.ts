/**
 * A credential definition's signing key and credential schema. The key a definition names is
 * checked when it is defined (a problem naming `signingKeyPairId` for an unknown key, another
 * tenant's, one not under assertionMethod, one that can no longer sign), and signs what it
 * issues: alice, a holder tenant, requests and receives a credential under it and verifies it.
 * After the key's rotation that credential still verifies while the definition issues nothing
 * until it names the successor; after the key's revocation it no longer verifies. The metadata
 * carries every CredentialObject member DCP asks for, with the definition's schema or the one
 * the issuer serves; credentials carry the definition's schema. The issuer lists what each key
 * signed.
 */
import { forEachDialect } from '@tdss/testing';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import t from 'tap';
import { CredentialRequests, type CredentialRequestStatus } from '../credential-requests/credential-requests.ts';
import { startIssuerRuntime } from '../test-support/issuer-runtime.ts';
import { verifyJws } from '../verify/verify-jws.ts';

const SCHEMA = 'https://schemas.example.com/membership.json';

forEachDialect(t, 'a definition signs with its key and names its schema', async (t, _dialect, database) => {
  const hub = await startIssuerRuntime(t, { database });
  const requests = hub.runtime.get(CredentialRequests);
  const authority = await hub.participant('authority');
  const alice = await hub.participant('alice');
  const bob = await hub.participant('bob');
  const [first] = (await hub.keys.list('authority')).items;
  const membership = (extra: Record<string, unknown> = {}) => ({
    credentialType: 'MembershipCredential',
    claims: { level: 'gold' },
    attestations: [{ type: 'holderAllowList', holders: [{ holder: alice.did }, { holder: bob.did }] }],
    ...extra,
  });
  const define = (body: unknown) => hub.issuerApi('POST', 'authority', '/credential-definitions', body);

  await t.test('refused definitions name the member', async (t) => {
    const created = await hub.keys.create('authority', { activate: false });
    const alicesKey = (await hub.keys.list('alice')).items[0]!;
    const refusals: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ['no key pair id', { signingKeyPairId: 'key-1' }, 'signingKeyPairId', /id of one of the participant's key pairs/],
      ['an unknown key pair', { signingKeyPairId: '00000000-0000-4000-8000-000000000000' }, 'signingKeyPairId', /names no key pair of participant authority/],
      ['another tenant\'s key pair', { signingKeyPairId: alicesKey.id }, 'signingKeyPairId', /names no key pair of participant authority/],
      ['a key not in the DID document', { signingKeyPairId: created.id }, 'signingKeyPairId', /\(CREATED\), which is not under assertionMethod/],
      ['a schema that is no URL', { credentialSchema: 'membership.json' }, 'credentialSchema', /absolute http\(s\) URL/],
      ['a schema on another scheme', { credentialSchema: 'ftp://schemas.example.com/m.json' }, 'credentialSchema', /absolute http\(s\) URL/],
    ];
    for (const [what, extra, path, detail] of refusals) {
      const answer = await define(membership(extra));
      t.equal(answer.status, 400, what);
      t.equal(answer.headers.get('content-type'), 'application/problem+json', what);
      t.match(answer.body, { status: 400, detail, errors: [{ path, problem: String }] }, what);
    }
    t.equal((await hub.issuerApi('GET', 'authority', '/credential-definitions')).body.length, 0, 'nothing was defined');
    await hub.keys.revoke('authority', created.id);
  });

  const created = await define(membership({ signingKeyPairId: first!.id, credentialSchema: SCHEMA }));
  t.equal(created.status, 201);
  t.match(created.body, { signingKeyPairId: first!.id, credentialSchema: SCHEMA });
  const audit = await define({ credentialType: 'AuditCredential', format: 'vc20-bssl/jwt', claims: { auditor: 'ACME', year: 2025 }, attestations: [{ type: 'holderAllowList', holders: [{ holder: alice.did }] }] });
  t.equal(audit.status, 201);
  t.notOk('signingKeyPairId' in audit.body || 'credentialSchema' in audit.body, 'neither, when none is named');
  const base = `${hub.url('protocol')}/dcp/authority/issuer`;

  await t.test('the metadata has every CredentialObject member', async (t) => {
    const metadata = await hub.api('GET', '/dcp/authority/issuer/metadata', undefined, 'protocol');
    const policy = (id: string) => ({ id: `${id}-policy`, input_descriptors: [] });
    t.same(metadata.body.credentialsSupported, [
      { id: created.body.id, type: 'CredentialObject', credentialType: 'MembershipCredential', credentialSchema: SCHEMA, offerReason: 'reissue', bindingMethods: ['did:web'], profile: 'vc11-sl2021/jwt', issuancePolicy: policy(created.body.id) },
      { id: audit.body.id, type: 'CredentialObject', credentialType: 'AuditCredential', credentialSchema: `${base}/credential-schemas/${audit.body.id}`, offerReason: 'reissue', bindingMethods: ['did:web'], profile: 'vc20-bssl/jwt', issuancePolicy: policy(audit.body.id) },
    ]);
    const schema = await fetch(`${base}/credential-schemas/${audit.body.id}`);
    t.equal(schema.headers.get('content-type'), 'application/schema+json');
    t.same(await schema.json(), {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `${base}/credential-schemas/${audit.body.id}`,
      title: 'AuditCredential credential subject',
      type: 'object',
      required: ['id', 'auditor', 'year'],
      properties: { id: { type: 'string', description: 'the holder DID' }, auditor: { type: 'string' }, year: { type: 'integer' } },
    });
    t.equal((await fetch(`${base}/credential-schemas/${created.body.id}`)).status, 404, 'a definition with its own schema names only that one');
    t.equal((await fetch(`${base}/credential-schemas/unknown`)).status, 404);
    t.equal((await fetch(`${hub.url('protocol')}/dcp/alice/issuer/credential-schemas/${audit.body.id}`)).status, 404, 'not under another participant');
  });

  /** Requests the types for `holder` and waits until the issuer decided and delivered. */
  async function request(holder: string, holderPid: string, credentialTypes = ['MembershipCredential']): Promise<CredentialRequestStatus> {
    const ref = await requests.request(holder, { issuer: authority.did, credentialTypes, holderPid });
    return hub.eventually(`${holderPid} to end`, async () => {
      const status = await requests.status(holder, ref);
      return status === 'RECEIVED' ? undefined : status;
    });
  }
  const wallet = async (holder: string, type: string) =>
    (await hub.credentials.presentable(holder)).filter((credential) => credential.types.includes(type)).map((credential) => credential.raw);

  let aliceMembership = '';
  await t.test('alice requests and receives a credential signed with the definition\'s key, and verifies it', async (t) => {
    t.equal(await request('alice', 'alice-membership-1'), 'ISSUED');
    aliceMembership = (await wallet('alice', 'MembershipCredential'))[0]!;
    t.equal(decodeProtectedHeader(aliceMembership).kid, first!.verificationMethodId);
    t.match(await verifyJws(hub.resolver, aliceMembership, { signer: authority.did }), { did: authority.did, verificationMethod: { id: first!.verificationMethodId } });
    t.match(decodeJwt(aliceMembership).vc, { credentialSchema: { id: SCHEMA, type: 'JsonSchema' }, credentialSubject: { id: alice.did, level: 'gold' } });
  });

  const { successor } = await hub.keys.rotate('authority', first!.id);
  await t.test('after a rotation: what the key signed verifies, the definition issues nothing until it names the successor', async (t) => {
    t.match(await verifyJws(hub.resolver, aliceMembership, { signer: authority.did }), { did: authority.did }, 'the rotated key stays in the document');
    t.equal(await request('bob', 'bob-membership-1'), 'REJECTED');
    const [refused] = (await hub.issuerApi('GET', 'authority', `/requests?holderDid=${encodeURIComponent(bob.did)}`)).body;
    t.match(refused, { state: 'REJECTED', rejectionReason: 'the MembershipCredential cannot be issued now: its signing key was retired' });
    t.ok(hub.logs.lines.some((line) => line.requestId === refused.id && line.signingKeyPairId === first!.id && /name its successor/.test(String(line.msg))), 'the operator is told which key');
    t.equal((await hub.issuerApi('GET', 'authority', `/credentials?requestId=${refused.id}`)).body.length, 0, 'nothing was issued for it');

    t.equal(await request('alice', 'alice-audit-1', ['AuditCredential']), 'ISSUED');
    const [auditCredential] = await wallet('alice', 'AuditCredential');
    t.equal(decodeProtectedHeader(auditCredential!).kid, successor.verificationMethodId, 'a definition without a key signs with the active one');
    t.notOk(JSON.stringify(decodeJwt(auditCredential!)).includes('credentialSchema'), 'and names no schema it does not have');

    const rotated = await hub.issuerApi('PUT', 'authority', `/credential-definitions/${created.body.id}`, membership({ signingKeyPairId: first!.id, credentialSchema: SCHEMA }));
    t.equal(rotated.status, 400);
    t.match(rotated.body, { detail: /was ROTATED: its private key is destroyed/, errors: [{ path: 'signingKeyPairId' }] });
    const renamed = await hub.issuerApi('PUT', 'authority', `/credential-definitions/${created.body.id}`, membership({ signingKeyPairId: successor.id, credentialSchema: SCHEMA }));
    t.equal(renamed.status, 200);
    t.equal(renamed.body.signingKeyPairId, successor.id);
    t.equal(await request('bob', 'bob-membership-2'), 'ISSUED');
    const [bobs] = await wallet('bob', 'MembershipCredential');
    t.equal(decodeProtectedHeader(bobs!).kid, successor.verificationMethodId);

    const signedBy = async (kid: string) =>
      (await hub.issuerApi('GET', 'authority', `/credentials?signedWith=${encodeURIComponent(kid)}`)).body.map((c: { holderDid: string; credentialType: string }) => `${c.holderDid} ${c.credentialType}`);
    t.same(await signedBy(first!.verificationMethodId), [`${alice.did} MembershipCredential`], 'what the rotated key signed: its revocation would invalidate it');
    t.same(await signedBy(successor.verificationMethodId), [`${alice.did} AuditCredential`, `${bob.did} MembershipCredential`]);
  });

  await t.test('after the revocation of the key, what it signed no longer verifies', async (t) => {
    await hub.keys.revoke('authority', first!.id);
    await t.rejects(verifyJws(hub.resolver, aliceMembership, { signer: authority.did }), { code: 'unknownKey' });
    const [bobs] = await wallet('bob', 'MembershipCredential');
    t.match(await verifyJws(hub.resolver, bobs!, { signer: authority.did }), { did: authority.did }, 'the successor\'s still do');
    const revoked = await hub.issuerApi('PUT', 'authority', `/credential-definitions/${created.body.id}`, membership({ signingKeyPairId: first!.id }));
    t.match(revoked.body, { status: 400, detail: /\(REVOKED\), which is not under assertionMethod/, errors: [{ path: 'signingKeyPairId' }] });
  });
});

/** Reading credentials of both DCP profiles, and the shapes that are refused, before any signature is checked. */
import t from 'tap';
import { parseCredential } from './parse-credential.ts';

/** A JWS-shaped string with the given payload; parsing never looks at the signature. */
const jws = (payload: unknown, header: Record<string, unknown> = { alg: 'ES256', kid: 'did:web:i#k' }) =>
  `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;

const ISSUER = 'did:web:issuer.example';
const HOLDER = 'did:web:holder.example';

t.test('a VC 1.1 JWT, as the DCP TCK issues it', async (t) => {
  const parsed = parseCredential(
    jws({
      iss: ISSUER,
      sub: HOLDER,
      jti: 'urn:uuid:1',
      nbf: 1_700_000_000,
      iat: 1_700_000_000,
      exp: 1_800_000_000,
      vc: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        id: 'urn:uuid:1',
        type: ['MembershipCredential'],
        issuer: ISSUER,
        issuanceDate: '2023-11-14T22:13:21Z',
        expirationDate: null,
        credentialSubject: { id: HOLDER, foo: 'bar' },
      },
    }),
  );
  t.match(parsed, { format: 'vc11-sl2021/jwt', id: 'urn:uuid:1', types: ['MembershipCredential'], issuer: ISSUER, subjectId: HOLDER, subjects: [{ id: HOLDER, foo: 'bar' }], status: [] });
  t.equal(parsed.validFrom?.toISOString(), '2023-11-14T22:13:21.000Z', 'the later of nbf and issuanceDate');
  t.equal(parsed.validUntil?.toISOString(), new Date(1_800_000_000_000).toISOString(), 'exp, as expirationDate is null');
  const shorter = parseCredential(jws({ iss: ISSUER, exp: 1_800_000_000, vc: { type: 'VerifiableCredential', credentialSubject: { id: HOLDER }, expirationDate: '2024-01-01T00:00:00', credentialStatus: { type: 'StatusList2021Entry' } } }));
  t.equal(shorter.validUntil?.toISOString(), '2024-01-01T00:00:00.000Z', 'the earlier end; a date-time without zone is UTC');
  t.equal(shorter.issuer, ISSUER, 'the issuer from iss when vc.issuer is absent');
  t.same(shorter.types, ['VerifiableCredential'], 'a single type string');
  t.same(shorter.status, [{ type: 'StatusList2021Entry' }], 'one status entry becomes a list');
});

t.test('a VC 2.0 credential with an enveloping JOSE proof', async (t) => {
  const parsed = parseCredential(
    jws(
      {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        id: 'urn:uuid:2',
        type: ['VerifiableCredential', 'https://example.org/vocab#MembershipCredential'],
        issuer: { id: ISSUER, name: 'Issuer' },
        validFrom: '2024-01-01T00:00:00+01:00',
        validUntil: '2030-01-01T00:00:00Z',
        credentialSubject: [{ id: HOLDER, a: 1 }, { id: HOLDER, b: 2 }],
        credentialStatus: [{ type: 'BitstringStatusListEntry' }, { type: 'BitstringStatusListEntry' }],
      },
      { alg: 'EdDSA', typ: 'vc+jwt', kid: `${ISSUER}#k` },
    ),
  );
  t.match(parsed, { format: 'vc20-bssl/jwt', id: 'urn:uuid:2', issuer: ISSUER, subjectId: HOLDER });
  t.equal(parsed.subjects.length, 2);
  t.equal(parsed.status.length, 2);
  t.equal(parsed.validFrom?.toISOString(), '2023-12-31T23:00:00.000Z');
});

t.test('shapes that are refused, each with a reason', async (t) => {
  const v2 = (over: Record<string, unknown>) => jws({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential', 'X'], issuer: ISSUER, credentialSubject: { id: HOLDER }, ...over });
  const cases: Array<[string, unknown, RegExp]> = [
    ['not a string', 42, /compact JWS/],
    ['two segments', 'a.b', /compact JWS/],
    ['undecodable', 'a.b.c', /cannot be decoded/],
    ['neither format', jws({ iss: ISSUER, type: 'VerifiableCredential' }), /neither a VC 1.1 JWT .* nor a VC 2.0/],
    ['no type', v2({ type: undefined }), /type must be a string or a list of strings/],
    ['a type that is no string', v2({ type: ['VerifiableCredential', 3] }), /type must be/],
    ['an issuer that is no DID', v2({ issuer: 'https://issuer.example' }), /issuer must be a DID/],
    ['iss and issuer differ', v2({ iss: 'did:web:other' }), /JWT iss and the credential issuer differ/],
    ['no subject', v2({ credentialSubject: undefined }), /credentialSubject must be an object/],
    ['a subject without id', v2({ credentialSubject: { name: 'x' } }), /same string id/],
    ['subjects with different ids', v2({ credentialSubject: [{ id: HOLDER }, { id: 'did:web:other' }] }), /same string id/],
    ['sub and subject differ', v2({ sub: 'did:web:other' }), /JWT sub and the credentialSubject id differ/],
    ['a bad date', v2({ validFrom: 'yesterday' }), /validFrom must be an ISO 8601 date-time/],
    ['a bad exp', v2({ exp: '2030' }), /JWT exp must be a number/],
    ['an id that is no string', v2({ id: 7 }), /id must be a string/],
    ['a status that is no object', v2({ credentialStatus: ['x'] }), /credentialStatus must be an object/],
  ];
  for (const [name, raw, reason] of cases) t.throws(() => parseCredential(raw), reason, name);
});

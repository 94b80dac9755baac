/**
 * Status lists fetched from a loopback issuer: both encodings and bit order, the cache (fake
 * clock), shared fetches, the limits, and every way a list can fail to vouch for a credential.
 */
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { parseCredential } from '../credentials/parse-credential.ts';
import { InvalidCredentialError } from '../credentials/parsed-credential.ts';
import { createDidResolver } from '../resolver/create-did-resolver.ts';
import { createDidWebResolver } from '../resolver/did-web-resolver.ts';
import { createResolutionCache } from '../resolver/resolution-cache.ts';
import { issueVc11, serveStatusList, startTestParties } from '../test-support/test-parties.ts';
import { bitAt, readStatusList } from './status-list.ts';
import { createStatusListChecker, type StatusListCheckerOptions } from './status-list-checker.ts';

const parties = await startTestParties(t);
const issuer = await parties.party('issuer');
const other = await parties.party('other');
const resolver = createDidResolver({
  resolvers: [createDidWebResolver({ maxBytes: 100_000, httpLoopback: true })],
  cache: createResolutionCache({ ttlMs: 60_000, maxEntries: 10 }),
  timeoutMs: 5_000,
});
const checker = (options: Partial<StatusListCheckerOptions> = {}) =>
  createStatusListChecker({ resolver, httpLoopback: true, timeoutMs: 5_000, maxBytes: 1_048_576, cacheTtlMs: 60_000, cacheMaxEntries: 10, ...options });
const credential = async (status: Record<string, unknown> | Record<string, unknown>[], by = issuer) =>
  parseCredential(await issueVc11(by, { subject: 'did:web:holder.example', type: 'MembershipCredential', status: status as Record<string, unknown> }));
const outcome = (promise: Promise<void>) => promise.then(() => 'valid', (error: Error) => (error instanceof InvalidCredentialError ? error.message : `unexpected: ${error.message}`));

t.test('bit order and both encodings', async (t) => {
  const bits = Buffer.from([0b1000_0001, 0b0100_0000]);
  t.same([0, 1, 6, 7, 8, 9, 15].map((i) => bitAt(bits, i)), [true, false, false, true, false, true, false], 'bit 0 is the most significant bit');
  t.equal(bitAt(bits, 16), undefined);
  const zipped = gzipSync(bits);
  const subject = (encodedList: string) => JSON.stringify({ issuer: 'did:web:i', credentialSubject: { statusPurpose: 'revocation', encodedList } });
  t.same(readStatusList(subject(`u${zipped.toString('base64url')}`), 100).bits, bits, 'multibase base64url (Bitstring Status List)');
  t.same(readStatusList(subject(zipped.toString('base64')), 100).bits, bits, 'base64 (StatusList2021)');
  t.throws(() => readStatusList(subject(gzipSync(Buffer.alloc(1000)).toString('base64')), 999), /at most 999 bytes/, 'a list that decompresses beyond the limit');
  t.throws(() => readStatusList(subject('not gzip'), 100), /cannot be decoded/);
  t.throws(() => readStatusList('<html>', 100), /neither JSON nor a JWS/);
  t.throws(() => readStatusList('{"credentialSubject":{}}', 100), /no encodedList/);
});

t.test('revoked, suspended and valid credentials, in both list kinds', async (t) => {
  const bitstring = serveStatusList(issuer, { kind: 'BitstringStatusList' });
  const list2021 = serveStatusList(issuer, { kind: 'StatusList2021', purpose: 'suspension', signed: true });
  bitstring.set(0, true);
  bitstring.set(131_071, true);
  list2021.set(42, true);
  const check = checker();
  t.equal(await outcome(check.check(await credential(bitstring.entry(1)))), 'valid');
  t.equal(await outcome(check.check(await credential(bitstring.entry(0)))), 'the credential has been revoked');
  t.equal(await outcome(check.check(await credential(bitstring.entry(131_071)))), 'the credential has been revoked', 'the last bit');
  t.match(await outcome(check.check(await credential(bitstring.entry(131_072)))), /lies beyond the status list/);
  t.equal(await outcome(check.check(await credential(list2021.entry(42)))), 'the credential is suspended');
  t.equal(await outcome(check.check(await credential([list2021.entry(41), bitstring.entry(0)]))), 'the credential has been revoked', 'every entry counts');
  t.equal(bitstring.fetches, 1, 'one fetch for four checks of one list');
  t.equal(await outcome(check.check(await credential({ ...bitstring.entry(0), statusPurpose: 'message' }))), 'valid', 'other purposes block nothing');
});

t.test('the cache: time to live, off, shared fetches and its size', async (t) => {
  const list = serveStatusList(issuer, { kind: 'BitstringStatusList' });
  let now = 1_000_000;
  const check = checker({ cacheTtlMs: 10_000, now: () => now });
  const revocable = await credential(list.entry(3));
  await Promise.all([check.check(revocable), check.check(revocable), check.check(revocable)]);
  t.equal(list.fetches, 1, 'concurrent checks share one fetch');
  list.set(3, true);
  now += 9_999;
  t.equal(await outcome(check.check(revocable)), 'valid', 'the cached list is reused within its time');
  now += 1;
  t.equal(await outcome(check.check(revocable)), 'the credential has been revoked', 'and fetched again after it');
  t.equal(list.fetches, 2);

  const uncached = checker({ cacheTtlMs: 0 });
  await uncached.check(await credential(list.entry(4)));
  await uncached.check(await credential(list.entry(4)));
  t.equal(list.fetches, 4, 'cacheTtlMs 0 fetches every time');

  const small = checker({ cacheMaxEntries: 1 });
  const a = serveStatusList(issuer, { kind: 'BitstringStatusList' });
  const b = serveStatusList(issuer, { kind: 'BitstringStatusList' });
  await small.check(await credential(a.entry(1)));
  await small.check(await credential(b.entry(1)));
  await small.check(await credential(a.entry(1)));
  t.same([a.fetches, b.fetches], [2, 1], 'one entry: the least recently used list goes');
});

t.test('lists that cannot vouch for the credential refuse it', async (t) => {
  const list = serveStatusList(issuer, { kind: 'BitstringStatusList' });
  const foreignSigned = serveStatusList(other, { kind: 'BitstringStatusList', signed: true });
  const suspensions = serveStatusList(issuer, { kind: 'BitstringStatusList', purpose: 'suspension' });
  const huge = serveStatusList(issuer, { kind: 'BitstringStatusList', bits: 8 * 200_000 });
  issuer.route('/status/forged', async () => ({ body: (await other.sign({ iss: issuer.did, vc: { issuer: issuer.did, credentialSubject: { statusPurpose: 'revocation', encodedList: gzipSync(Buffer.alloc(16)).toString('base64') } } }, { kid: `${issuer.did}#x` })) }));
  const check = checker();
  const verdicts = {
    http: await outcome(checker({ httpLoopback: false }).check(await credential(list.entry(1)))),
    'not found': await outcome(check.check(await credential({ ...list.entry(1), statusListCredential: `${issuer.base}/status/missing` }))),
    'another issuer\'s list': await outcome(check.check(await credential(foreignSigned.entry(1)))),
    'a list signed with a key the issuer does not have': await outcome(check.check(await credential({ ...list.entry(1), statusListCredential: `${issuer.base}/status/forged` }))),
    'a revocation entry pointing at a suspension list': await outcome(check.check(await credential({ ...suspensions.entry(1), statusPurpose: 'revocation' }))),
    'a list over the size limit': await outcome(checker({ maxBytes: 100_000 }).check(await credential(huge.entry(1)))),
    'an unsupported status type': await outcome(check.check(await credential({ type: 'CredentialStatusList2017', id: 'x' }))),
    'two bits per credential': await outcome(check.check(await credential({ ...list.entry(1), statusSize: 2 }))),
    'an index that is no number': await outcome(check.check(await credential({ ...list.entry(1), statusListIndex: 'one' }))),
  };
  t.match(verdicts, {
    http: /must be an https URL/,
    'not found': /cannot be fetched: .* answered 404/,
    'another issuer\'s list': /belongs to .*other, not to the credential's issuer/,
    'a list signed with a key the issuer does not have': /does not verify: .*#x is not a verification method/,
    'a revocation entry pointing at a suspension list': /is not a revocation list/,
    'a list over the size limit': /exceeds 100000 bytes|at most 100000 bytes/,
    'an unsupported status type': /CredentialStatusList2017.* is not supported/,
    'two bits per credential': /statusSize 1/,
    'an index that is no number': /statusListIndex must be a whole number/,
  });
  t.equal(list.fetches, 0, 'plain http was not even tried without the setting, nor for entries refused before any fetch');
});

t.test('keysWithoutRelationships: a signed list of an issuer whose document lists no relationship, cached apart from strict checks', async (t) => {
  const edcIssuer = await parties.party('edc-issuer', { relationships: [] });
  const list = serveStatusList(edcIssuer, { kind: 'BitstringStatusList', signed: true });
  const vc = await credential(list.entry(3), edcIssuer);
  const accepted: string[] = [];
  const relaxed = { accepted: (did: string) => void accepted.push(did) };
  const check = checker();
  t.match(await outcome(check.check(vc)), /does not verify: .* is not listed under assertionMethod/, 'strict: refused');
  t.equal(await outcome(check.check(vc, relaxed)), 'valid', 'with the setting: read');
  t.same(accepted, [edcIssuer.did]);
  t.equal(await outcome(check.check(vc, relaxed)), 'valid', 'from the cache');
  t.equal(list.fetches, 2, 'the refused fetch and the accepted one');
  t.match(await outcome(check.check(vc)), /is not listed under assertionMethod/, 'the list cached for the setting does not serve a strict check');
});

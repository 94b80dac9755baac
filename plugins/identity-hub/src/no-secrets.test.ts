/**
 * A full run through every endpoint and service of this plugin, with debug logging (SQL
 * statements included), then a search of every captured log line and API answer for secrets:
 * - private key material: the `d` member of a JWK, PEM markers, the actual private key values;
 * - tokens: every self-issued ID token and access token of the run, and (in log lines) anything
 *   shaped like a JWS at all.
 */
import { randomUUID } from 'node:crypto';
import { forEachDialect } from '@tdss/testing';
import { decodeJwt } from 'jose';
import t from 'tap';
import { privateKeySecret } from './keys/private-key-secret.ts';
import type { KeyPair } from './keys/key-pair.ts';
import { typeScope } from './presentation/scopes.ts';
import { startIdentityRuntime } from './test-support/identity-runtime.ts';
import { epoch, issueVc11, issueVc20, selfIssuedToken, serveStatusList, startTestParties } from './test-support/test-parties.ts';
import { verifyJws } from './verify/verify-jws.ts';

const MEMBERSHIP = typeScope('MembershipCredential');
const JWS = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/;

forEachDialect(t, 'no private key or token reaches a log line or an API answer', async (t, _dialect, database) => {
  const parties = await startTestParties(t);
  const issuer = await parties.party('issuer');
  const verifier = await parties.party('verifier');
  const hub = await startIdentityRuntime(t, {
    database,
    settings: {
      dcpHttpLoopback: true,
      dataspaces: [{ name: 'test', trustedIssuers: [{ did: issuer.did, credentialTypes: ['MembershipCredential', 'DataProcessorCredential'] }], requiredCredentialTypes: ['MembershipCredential'] }],
    },
  });
  const privateValues = new Set<string>();
  const tokens = new Set<string>();
  /** Reads the private JWK the way only the key service may, to know what must never leak. */
  const remember = async (key: KeyPair) => {
    const jwk = JSON.parse((await hub.secrets.get(key.participantId, privateKeySecret(key.id)))!);
    privateValues.add(jwk.d);
  };
  /** Keeps a self-issued token and the access token in it, to know what must never leak. */
  const token = (value: string) => {
    tokens.add(value);
    const access = decodeJwt(value.replace(/^Bearer /, '')).token;
    if (typeof access === 'string') tokens.add(access);
    return value;
  };

  for (const participant of ['alice', 'bob']) {
    const base = `/v1/participants/${participant}`;
    const ed = (await hub.api('POST', `${base}/keypairs`, { algorithm: 'Ed25519' })).body as KeyPair;
    const p256 = (await hub.api('POST', `${base}/keypairs`, { algorithm: 'P-256', activate: false })).body as KeyPair;
    await remember(ed);
    await remember(p256);
    const jws = await hub.keys.sign(participant, JSON.stringify({ iss: participant }), { typ: 'JWT' });
    await verifyJws(hub.resolver, jws);
    await hub.api('GET', `${base}/keypairs`);
    await hub.api('GET', `${base}/keypairs/${ed.id}`);
    await hub.api('GET', `${base}/keypairs?state=CREATED`);
    const rotated = (await hub.api('POST', `${base}/keypairs/${ed.id}/rotate`, { algorithm: 'P-256' })).body;
    await remember(rotated.successor);
    await hub.keys.sign(participant, 'after rotation');
    await hub.api('POST', `${base}/keypairs/${ed.id}/revoke`);
    await hub.api('POST', `${base}/keypairs/${p256.id}/revoke`);
    const dids = (await hub.api('GET', `${base}/dids`)).body;
    await hub.api('GET', `${base}/dids/${encodeURIComponent(dids[0].did)}`);
    await hub.api('GET', `/${participant}/did.json`, undefined, 'identity');
    // Refusals and conflicts write problems and log lines too.
    await hub.api('POST', `${base}/keypairs`, {});
    await hub.api('POST', `${base}/keypairs/${ed.id}/activate`);
    await hub.api('POST', `${base}/keypairs`, { keyId: '../x' });
    await hub.api('GET', `${base}/keypairs/${(await hub.keys.list('alice')).items[0]!.id}`);
  }

  // DCP: credentials delivered, presented and verified, and refused.
  const did = async (participant: string) => (await hub.dids.find(participant))!.did;
  const [alice, bob] = [await did('alice'), await did('bob')];
  const revocations = serveStatusList(issuer, { kind: 'BitstringStatusList' });
  const delivery = async (holder: string, credentials: Array<{ credentialType: string; format: string; payload: string }>, authorization?: string) =>
    hub.api(
      'POST',
      `/dcp/${holder}/credentials`,
      { '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'], type: 'CredentialMessage', issuerPid: randomUUID(), holderPid: randomUUID(), status: 'ISSUED', credentials },
      'protocol',
      { authorization: authorization ?? token(`Bearer ${await selfIssuedToken(issuer, await did(holder))}`) },
    );
  await delivery('alice', [
    { credentialType: 'MembershipCredential', format: 'vc11-sl2021/jwt', payload: await issueVc11(issuer, { subject: alice, type: 'MembershipCredential', status: revocations.entry(1) }) },
    { credentialType: 'DataProcessorCredential', format: 'vc20-bssl/jwt', payload: await issueVc20(issuer, { subject: alice, type: 'DataProcessorCredential' }) },
  ]);
  await delivery('bob', [{ credentialType: 'MembershipCredential', format: 'jwt', payload: await issueVc11(issuer, { subject: alice, type: 'MembershipCredential' }) }]);
  await delivery('bob', [], token(`Bearer ${await selfIssuedToken(verifier, bob)}`));
  const verified = await hub.identity.verify({
    authorization: token(await hub.identity.authorize({ participantContextId: 'alice', participantId: alice, counterpartyId: bob, counterpartyAddress: '' })),
    audience: bob,
    participantContextId: 'bob',
  });
  t.equal(verified.participantId, alice, 'the DCP flow ran');
  await hub.identity
    .verify({ authorization: token(await hub.identity.authorize({ participantContextId: 'bob', participantId: bob, counterpartyId: alice, counterpartyAddress: '' })), audience: alice, participantContextId: 'alice' })
    .catch(() => undefined);
  await hub.identity.verify({ authorization: token(`Bearer ${await selfIssuedToken(verifier, bob, { exp: epoch(-600) })}`), audience: bob, participantContextId: 'bob' }).catch(() => undefined);
  const access = token((await hub.sts.createToken('alice', { audience: verifier.did, bearerAccessScopes: [MEMBERSHIP] })).token);
  for (const body of [{ type: 'PresentationQueryMessage', scope: [MEMBERSHIP] }, { type: 'PresentationQueryMessage', presentationDefinition: { id: 'x' } }, {}]) {
    await hub.api('POST', '/dcp/alice/presentations/query', body, 'protocol', {
      authorization: token(`Bearer ${await selfIssuedToken(verifier, alice, { token: decodeJwt(access).token })}`),
    });
  }
  await hub.api('POST', '/dcp/alice/presentations/query', { type: 'PresentationQueryMessage', scope: [MEMBERSHIP] }, 'protocol', { authorization: token(`Bearer ${await selfIssuedToken(verifier, alice, { token: 'forged' })}`) });
  const wallet = (await hub.api('GET', '/v1/participants/alice/credentials')).body as Array<{ id: string }>;
  await hub.api('GET', `/v1/participants/alice/credentials/${wallet[0]!.id}`);
  await hub.api('DELETE', `/v1/participants/alice/credentials/${wallet[1]!.id}`);
  await hub.api('GET', `/v1/participants/bob/credentials/${wallet[0]!.id}`);

  await hub.api('GET', '/openapi.json');
  await hub.api('GET', '/openapi.json', undefined, 'identity');
  await hub.api('GET', '/openapi.json', undefined, 'protocol');
  await hub.runtime.stop();

  t.equal(privateValues.size, 6, 'six private keys were made');
  t.ok(tokens.size >= 12, `${tokens.size} tokens were made`);
  t.ok(hub.answers.length >= 40, `${hub.answers.length} answers were recorded`);
  const logText = hub.logs.text();
  t.match(logText, /"msg":"key pair rotated"/, 'the lifecycle is logged');
  t.match(logText, /"msg":"presentation query answered"/, 'the DCP flow is logged');
  t.match(logText, /"msg":"DSP request refused: DCP verification failed"/, 'refusals are logged');
  t.match(logText, /identity_hub_credentials/, 'SQL statements are logged (debug)');
  t.ok(hub.answers.some((answer) => answer.includes('PresentationResponseMessage')), 'presentations were answered');

  const leaks: string[] = [];
  for (const [what, text] of [['the log', logText], ...hub.answers.map((answer, i) => [`answer ${i}`, answer] as const)] as const) {
    if (/"d"\s*:|\\"d\\"\s*:/.test(text)) leaks.push(`${what}: a JWK d member`);
    if (/-----BEGIN|PRIVATE KEY/.test(text)) leaks.push(`${what}: PEM`);
    if ([...privateValues].some((value) => text.includes(value))) leaks.push(`${what}: a private key value`);
    if ([...tokens].some((value) => text.includes(value.replace(/^Bearer /, '')))) leaks.push(`${what}: a token`);
  }
  if (JWS.test(logText)) leaks.push(`the log: a JWS (${JWS.exec(logText)![0].slice(0, 12)}…)`);
  t.same(leaks, [], 'nothing leaked');
});

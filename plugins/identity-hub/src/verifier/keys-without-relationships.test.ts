/**
 * The acceptKeysWithoutRelationships interop setting through the verifier's entry point (and the
 * Storage API). Edc-holder and edc-issuer publish DID documents as EDC IdentityHub does: keys under
 * verificationMethod only. Bob's dataspace "edc" sets the setting; erin's "strict" does not, and
 * trusts the same issuer. Half-listed lists its key under assertionMethod only; mallory lists it
 * under every relationship.
 */
import { randomUUID } from 'node:crypto';
import type { ProblemError } from '@tdss/sdk';
import t from 'tap';
import { startDcpRuntime } from '../test-support/dcp-runtime.ts';
import { deliver, epoch, issueVc11, selfIssuedToken, serveStatusList, startTestParties, type TestParty } from '../test-support/test-parties.ts';

const parties = await startTestParties(t);
const edcIssuer = await parties.party('edc-issuer', { relationships: [] });
const edcHolder = await parties.party('edc-holder', { credentialService: true, relationships: [] });
const halfListed = await parties.party('half-listed', { credentialService: true, relationships: ['assertionMethod'] });
const mallory = await parties.party('mallory', { credentialService: true });
const trustedIssuers = [{ did: edcIssuer.did, credentialTypes: ['MembershipCredential'] }];
const hub = await startDcpRuntime(t, {
  settings: {
    // Read the status list on every check, so a revocation shows at once.
    statusListCacheTtlMs: 0,
    dataspaces: [
      { name: 'edc', trustedIssuers, requiredCredentialTypes: ['MembershipCredential'], acceptKeysWithoutRelationships: true },
      { name: 'strict', participantContexts: ['erin'], trustedIssuers, requiredCredentialTypes: ['MembershipCredential'] },
    ],
  },
});
const bob = await hub.participant('bob');
const erin = await hub.participant('erin');
const revocations = serveStatusList(edcIssuer, { kind: 'BitstringStatusList', signed: true });

/** What every holder's credential service answers: a presentation signed by the holder, of `credential`. */
function answerWith(holder: TestParty, verifier: { did: string }, credential: string): void {
  holder.route('/cs/presentations/query', async () => ({
    body: {
      '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'],
      type: 'PresentationResponseMessage',
      presentation: [
        await holder.sign({ iss: holder.did, sub: holder.did, aud: verifier.did, jti: randomUUID(), iat: epoch(), exp: epoch(300), vp: { type: ['VerifiablePresentation'], verifiableCredential: [credential] } }),
      ],
    },
  }));
}

/** `holder` asks `verifier` for something over DSP: the verifier's verdict. */
async function request(holder: TestParty, verifier: { id: string; did: string }, header?: Parameters<TestParty['sign']>[1]) {
  const membership = await issueVc11(edcIssuer, { subject: holder.did, type: 'MembershipCredential', status: revocations.entry(7) });
  answerWith(holder, verifier, membership);
  const authorization = `Bearer ${await selfIssuedToken(holder, verifier.did, { token: 'opaque-access-token' }, header)}`;
  return hub.identity.verify({ authorization, audience: verifier.did, participantContextId: verifier.id }).catch((error: ProblemError) => error);
}

const acceptedLines = () => hub.logs.lines.filter((line) => String(line.msg).includes('(acceptKeysWithoutRelationships)'));

t.test('setting off: an EDC participant is refused as before, naming the setting', async (t) => {
  t.match(await request(edcHolder, erin), {
    status: 401,
    message: /not listed under capabilityInvocation of .*edc-holder \(the document lists no key under any relationship; the dataspace setting acceptKeysWithoutRelationships/,
  });
});

t.test('setting on: its token, presentation, credential and signed status list are accepted, logged once per DID', async (t) => {
  t.match(await request(edcHolder, bob), { participantId: edcHolder.did, claims: { MembershipCredential: [{ id: edcHolder.did }] } });
  t.match(await request(edcHolder, bob), { participantId: edcHolder.did }, 'and again');
  t.ok(revocations.fetches > 0, 'the signed status list was read');
  t.match(
    acceptedLines().map((line) => ({ level: line.level, dataspace: line.dataspace, did: line.did })),
    [
      { level: 'info', dataspace: 'edc', did: edcHolder.did },
      { level: 'info', dataspace: 'edc', did: edcIssuer.did },
    ],
  );
  t.equal(acceptedLines().length, 2, 'one info line per DID, not per token');
  revocations.set(7, true);
  t.match(await request(edcHolder, bob), { status: 401, message: /has been revoked/ }, 'status is still checked');
  revocations.set(7, false);
});

t.test('setting on, still refused: a document with relationships but not the one needed, a kid of another DID, a foreign audience', async (t) => {
  t.match(await request(halfListed, bob), { status: 401, message: /not listed under capabilityInvocation of .*half-listed$/ });
  t.match(await request(edcHolder, bob, { kid: mallory.kid }), { status: 401, message: new RegExp(`signed with a key of ${mallory.did}, not of ${edcHolder.did}`) });
  const forErin = `Bearer ${await selfIssuedToken(edcHolder, erin.did, { token: 'opaque-access-token' })}`;
  t.match(await hub.identity.verify({ authorization: forErin, audience: bob.did, participantContextId: 'bob' }).catch((e: ProblemError) => e), { status: 401, message: /not addressed to/ });
});

t.test('another dataspace with the setting off stays strict after the first accepted: the credential remembered is checked again', async (t) => {
  const credential = await issueVc11(edcIssuer, { subject: mallory.did, type: 'MembershipCredential' });
  const verdict = async (verifier: { id: string; did: string }) => {
    answerWith(mallory, verifier, credential);
    const authorization = `Bearer ${await selfIssuedToken(mallory, verifier.did, { token: 'opaque-access-token' })}`;
    return hub.identity.verify({ authorization, audience: verifier.did, participantContextId: verifier.id }).catch((error: ProblemError) => error);
  };
  t.match(await verdict(bob), { participantId: mallory.did }, 'mallory lists every relationship; the EDC issuer\'s credential passes in edc');
  t.match(await verdict(erin), { status: 401, message: /credential of .*edc-issuer does not verify: .* is not listed under assertionMethod/ }, 'and not in strict');
});

t.test('the Storage API: an EDC issuer delivers to a holder whose dataspace sets it, not to one whose does not', async (t) => {
  const payload = (holder: { did: string }) => issueVc11(edcIssuer, { subject: holder.did, type: 'MembershipCredential' });
  t.equal((await deliver(edcIssuer, bob, [{ type: 'MembershipCredential', payload: await payload(bob) }])).status, 204);
  const refused = await deliver(edcIssuer, erin, [{ type: 'MembershipCredential', payload: await payload(erin) }]);
  t.equal(refused.status, 401);
  t.match(await refused.json(), { detail: /not listed under capabilityInvocation/ });
});

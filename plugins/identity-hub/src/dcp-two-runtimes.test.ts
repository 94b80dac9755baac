/**
 * DCP between two runtimes over real HTTP on loopback: each resolves the other's did:web and
 * queries the other's credential service, in both directions.
 */
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { startDcpRuntime } from './test-support/dcp-runtime.ts';
import { deliver, issueVc11, issueVc20, serveStatusList, startTestParties } from './test-support/test-parties.ts';

forEachDialect(t, 'consumer and provider in two runtimes authenticate each other', async (t, _dialect, database) => {
  const parties = await startTestParties(t);
  const issuer = await parties.party('issuer', { algorithm: 'EdDSA' });
  const consumerHub = await startDcpRuntime(t, { database, trusted: [{ issuer }] });
  const providerHub = await startDcpRuntime(t, { trusted: [{ issuer }], settings: { resolverCacheTtlMs: 0 } });
  const consumer = await consumerHub.participant('consumer', 'P-256');
  const provider = await providerHub.participant('provider', 'Ed25519');
  t.not(new URL(consumer.credentialService).port, new URL(provider.credentialService).port, 'two servers');

  const suspensions = serveStatusList(issuer, { kind: 'StatusList2021', purpose: 'suspension', signed: true });
  t.equal((await deliver(issuer, consumer, [{ type: 'MembershipCredential', payload: await issueVc11(issuer, { subject: consumer.did, type: 'MembershipCredential', status: suspensions.entry(3) }) }])).status, 204);
  t.equal(
    (await deliver(issuer, provider, [{ type: 'MembershipCredential', payload: await issueVc20(issuer, { subject: provider.did, type: 'MembershipCredential' }), format: 'vc20-bssl/jwt' }])).status,
    204,
  );

  const request = await consumerHub.identity.authorize({ participantContextId: 'consumer', participantId: consumer.did, counterpartyId: provider.did, counterpartyAddress: providerHub.url('protocol') });
  const seen = await providerHub.identity.verify({ authorization: request, audience: provider.did, participantContextId: 'provider' });
  t.equal(seen.participantId, consumer.did, 'the provider runtime verified the consumer');
  t.same(seen.claims, { MembershipCredential: [{ id: consumer.did }] });

  const callback = await providerHub.identity.authorize({ participantContextId: 'provider', participantId: provider.did, counterpartyId: consumer.did, counterpartyAddress: consumerHub.url('protocol') });
  const seenBack = await consumerHub.identity.verify({ authorization: callback, audience: consumer.did, participantContextId: 'consumer' });
  t.equal(seenBack.participantId, provider.did, 'the consumer runtime verified the provider');

  const presentationQueries = consumerHub.logs.lines.filter((line) => line.msg === 'presentation query answered');
  t.match(presentationQueries, [{ participantId: 'consumer', verifier: provider.did, credentialsPresented: 1 }], 'the consumer runtime answered the provider\'s query');

  suspensions.set(3, true);
  const freshHub = await startDcpRuntime(t, { trusted: [{ issuer }] });
  const fresh = await freshHub.participant('provider');
  const suspended = await consumerHub.identity
    .authorize({ participantContextId: 'consumer', participantId: consumer.did, counterpartyId: fresh.did, counterpartyAddress: freshHub.url('protocol') })
    .then((authorization) => freshHub.identity.verify({ authorization, audience: fresh.did, participantContextId: 'provider' }))
    .catch((e: Error) => e);
  t.match(suspended, { status: 401, message: /suspended/ }, 'a verifier without a cached list sees the suspension');
});

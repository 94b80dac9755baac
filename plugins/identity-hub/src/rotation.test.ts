/**
 * Key rotation end to end: JWS signed by participant acme in one runtime, verified by that runtime
 * and by a second runtime that resolves acme's did:web over real HTTP.
 */
import { forEachDialect } from '@tdss/testing';
import { decodeProtectedHeader } from 'jose';
import t from 'tap';
import type { DidDocument } from './did/did-document.ts';
import { startIdentityRuntime } from './test-support/identity-runtime.ts';
import { JwsVerificationError } from './verify/jws-verification-error.ts';
import { verifyJws } from './verify/verify-jws.ts';

forEachDialect(t, 'before rotation, after rotation and after revocation', async (t, _dialect, database) => {
  const hub = await startIdentityRuntime(t, { database });
  const peer = await startIdentityRuntime(t, { settings: { resolverCacheTtlMs: 0 } });
  const verifiers = { 'the signing runtime': hub.resolver, 'a peer runtime': peer.resolver };
  const outcome = async (jws: string) => {
    const results: Record<string, string> = {};
    for (const [name, resolver] of Object.entries(verifiers)) {
      results[name] = await verifyJws(resolver, jws, { relationship: 'capabilityInvocation' }).then(
        (verified) => `verified: ${new TextDecoder().decode(verified.payload)}`,
        (error: unknown) => (error instanceof JwsVerificationError ? error.code : String(error)),
      );
    }
    return results;
  };
  const both = (value: string) => ({ 'the signing runtime': value, 'a peer runtime': value });

  const old = (await hub.api('POST', '/v1/participants/acme/keypairs', { keyId: 'old' })).body;
  const before = await hub.keys.sign('acme', 'signed before rotation');
  t.equal(decodeProtectedHeader(before).kid, old.verificationMethodId);
  t.same(await outcome(before), both('verified: signed before rotation'));

  const rotation = await hub.api('POST', `/v1/participants/acme/keypairs/${old.id}/rotate`, { keyId: 'new' });
  t.equal(rotation.status, 200);
  const after = await hub.keys.sign('acme', 'signed after rotation');
  t.equal(decodeProtectedHeader(after).kid, rotation.body.successor.verificationMethodId, 'the successor signs now');
  t.same(await outcome(after), both('verified: signed after rotation'), 'the signing runtime dropped its cached document');
  t.same(await outcome(before), both('verified: signed before rotation'), 'the rotated key still verifies');

  t.equal((await hub.api('POST', `/v1/participants/acme/keypairs/${old.id}/revoke`)).status, 200);
  t.same(await outcome(before), both('unknownKey'), 'what the revoked key signed no longer verifies');
  t.same(await outcome(after), both('verified: signed after rotation'), 'the successor is untouched');

  const document = (await (await fetch(`${hub.url('identity')}/acme/did.json`)).json()) as DidDocument;
  t.same(
    document.verificationMethod!.map((m) => m.id),
    [rotation.body.successor.verificationMethodId],
  );
});

/**
 * A full run through every endpoint and service of this plugin, with debug logging (SQL
 * statements included), then a search of every captured log line and API answer for private key
 * material: the `d` member of a JWK, PEM markers, and the actual private key values.
 */
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { privateKeySecret } from './keys/private-key-secret.ts';
import type { KeyPair } from './keys/key-pair.ts';
import { startIdentityRuntime } from './test-support/identity-runtime.ts';
import { verifyJws } from './verify/verify-jws.ts';

forEachDialect(t, 'no private key reaches a log line or an API answer', async (t, _dialect, database) => {
  const hub = await startIdentityRuntime(t, { database });
  const privateValues = new Set<string>();
  /** Reads the private JWK the way only the key service may, to know what must never leak. */
  const remember = async (key: KeyPair) => {
    const jwk = JSON.parse((await hub.secrets.get(key.participantId, privateKeySecret(key.id)))!);
    privateValues.add(jwk.d);
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
    await hub.api('GET', `${base}/dids/${encodeURIComponent(dids.items[0].did)}`);
    await hub.api('GET', `/${participant}/did.json`, undefined, 'identity');
    // Refusals and conflicts write problems and log lines too.
    await hub.api('POST', `${base}/keypairs`, {});
    await hub.api('POST', `${base}/keypairs/${ed.id}/activate`);
    await hub.api('POST', `${base}/keypairs`, { keyId: '../x' });
    await hub.api('GET', `${base}/keypairs/${(await hub.keys.list('alice')).items[0]!.id}`);
  }
  await hub.api('GET', '/openapi.json');
  await hub.api('GET', '/openapi.json', undefined, 'identity');
  await hub.runtime.stop();

  t.equal(privateValues.size, 6, 'six private keys were made');
  t.ok(hub.answers.length >= 30, `${hub.answers.length} answers were recorded`);
  const logText = hub.logs.text();
  t.match(logText, /"msg":"key pair rotated"/, 'the lifecycle is logged');
  t.match(logText, /identity_hub_key_pairs/, 'SQL statements are logged (debug)');

  const leaks: string[] = [];
  for (const [what, text] of [['the log', logText], ...hub.answers.map((answer, i) => [`answer ${i}`, answer] as const)] as const) {
    if (/"d"\s*:|\\"d\\"\s*:/.test(text)) leaks.push(`${what}: a JWK d member`);
    if (/-----BEGIN|PRIVATE KEY/.test(text)) leaks.push(`${what}: PEM`);
    if ([...privateValues].some((value) => text.includes(value))) leaks.push(`${what}: a private key value`);
  }
  t.same(leaks, [], 'nothing leaked');
});

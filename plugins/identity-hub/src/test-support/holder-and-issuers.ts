/**
 * Test helpers for the DCP credential service's issuer-facing resources: a DCP runtime with the
 * holders alice and bob, an issuer that the dataspace trusts and a rogue one that it does not.
 * Not part of the build.
 */
import type { DialectSettings } from '@tdss/testing';
import type { Test } from 'tap';
import { startDcpRuntime } from './dcp-runtime.ts';
import { selfIssuedToken, startTestParties, type TestParty } from './test-parties.ts';

/**
 * `post` sends a body to `resource` of alice's credential service (or of another `to`); `bearer`
 * makes a self-issued token for alice, by the trusted issuer unless `by` names another party.
 */
export async function startHolderAndIssuers(t: Test, database: DialectSettings, options: { trustedTypes: string[]; resource: 'offers' | 'credentials' }) {
  const parties = await startTestParties(t);
  const issuer = await parties.party('issuer');
  const rogue = await parties.party('rogue');
  const hub = await startDcpRuntime(t, { database, trusted: [{ issuer, types: options.trustedTypes }] });
  const alice = await hub.participant('alice');
  const bob = await hub.participant('bob');
  const post = async (body: unknown, authorization?: string, to = alice.credentialService) => {
    const response = await fetch(`${to}/${options.resource}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const bearer = async (claims: Record<string, unknown> = {}, by: TestParty = issuer, header?: Parameters<TestParty['sign']>[1]) =>
    `Bearer ${await selfIssuedToken(by, alice.did, claims, header)}`;
  return { parties, issuer, rogue, hub, alice, bob, post, bearer };
}

/**
 * Test helpers for the issuer: an identity runtime on a port known before it starts, so that its
 * dataspace can name the issuer participant's did:web (`did:web:127.0.0.1%3A<port>:identity:<id>`)
 * in its settings; the workflow plugin with quick retries; and helpers for participants, the
 * issuer's management API and secrets that must never leak. Not part of the build.
 */
import workflow, { type OrchestrationState, Workflows } from '@tdss/workflow';
import { freePort } from '@tdss/testing';
import type { Test } from 'tap';
import { privateKeySecret } from '../keys/private-key-secret.ts';
import type { IdentityHubSettings } from '../settings.ts';
import { type IdentityRuntimeOptions, startIdentityRuntime } from './identity-runtime.ts';

export interface IssuerRuntimeOptions extends IdentityRuntimeOptions {
  /** The participant of this runtime that issues; the dataspace names it as its issuer. */
  issuerId?: string;
  /** The dataspace's issuer when it lives elsewhere (another runtime). */
  issuerDid?: string;
  /** The HTTP port (so the DIDs) of a runtime that restarts; a free one by default. */
  port?: number;
}

export async function startIssuerRuntime(t: Test, options: IssuerRuntimeOptions = {}) {
  const port = options.port ?? (await freePort());
  const didOf = (id: string) => `did:web:127.0.0.1%3A${port}:identity:${id}`;
  const issuer = options.issuerDid ?? didOf(options.issuerId ?? 'authority');
  // The issuer is trusted for what the dataspace requires (as its issuer) and for AuditCredential.
  const dataspaces: IdentityHubSettings['dataspaces'] = [
    { name: 'test', issuer, trustedIssuers: [{ did: issuer, credentialTypes: ['AuditCredential'] }], requiredCredentialTypes: ['MembershipCredential'] },
  ];
  const hub = await startIdentityRuntime(t, {
    ...options,
    http: { port, host: '127.0.0.1', ...options.http },
    settings: {
      dcpHttpLoopback: true,
      statusListCacheTtlMs: 0,
      resolverCacheTtlMs: 0,
      dataspaces,
      issuance: { leaseMs: 60_000, batchSize: 20, pollIntervalMs: 50, retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 3, jitter: 0 } },
      ...options.settings,
    },
    plugins: [{ plugin: workflow, settings: { steps: { pollIntervalMs: 50, retry: { baseDelayMs: 50, maxDelayMs: 200, maxAttempts: 10, jitter: 0 } } } }, ...(options.plugins ?? [])],
  });
  const workflows = hub.runtime.get(Workflows);

  /** A participant with an active Ed25519 key, so a DID. */
  async function participant(id: string): Promise<{ id: string; did: string }> {
    const key = await hub.keys.create(id, { algorithm: 'Ed25519' });
    const did = key.verificationMethodId.split('#')[0]!;
    t.equal(did, didOf(id), `${id}'s DID is the one the settings expect`);
    return { id, did };
  }

  /** The issuer section of the management API of participant `id`. */
  const issuerApi = (method: string, id: string, path: string, body?: unknown) => hub.api(method, `/v1/participants/${id}/issuer${path}`, body);

  /** Polls until `check` resolves truthy (or fails the test after `timeoutMs`). */
  async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits until an orchestration ends. */
  async function ended(id: string): Promise<{ state: OrchestrationState; error: string | null; outputs: Record<string, unknown> }> {
    return eventually(`orchestration ${id} to end`, async () => {
      const orchestration = await workflows.get(id);
      return ['COMPLETED', 'FAILED', 'CANCELLED'].includes(orchestration.state) ? orchestration : undefined;
    }, 60_000);
  }

  /** Every private key value of the participants, to search logs and answers for. */
  async function privateKeyValues(ids: string[]): Promise<string[]> {
    const values: string[] = [];
    for (const id of ids) {
      for (const key of (await hub.keys.list(id, { limit: 500 })).items) {
        const secret = await hub.secrets.get(id, privateKeySecret(key.id));
        if (secret) values.push((JSON.parse(secret) as { d: string }).d);
      }
    }
    return values;
  }

  return { ...hub, port, didOf, issuer, workflows, participant, issuerApi, eventually, ended, privateKeyValues };
}

export type IssuerRuntime = Awaited<ReturnType<typeof startIssuerRuntime>>;

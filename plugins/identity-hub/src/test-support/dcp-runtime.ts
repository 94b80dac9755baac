/**
 * Test helpers for DCP: an identity runtime whose dataspace trusts the given issuers, with plain
 * http allowed on loopback, and participants with keys, DIDs and credential service URLs. Not
 * part of the build.
 */
import type { Test } from 'tap';
import type { IdentityHubSettings } from '../settings.ts';
import { type IdentityRuntimeOptions, startIdentityRuntime } from './identity-runtime.ts';
import type { TestParty } from './test-parties.ts';

export interface DcpRuntimeOptions extends IdentityRuntimeOptions {
  /** Issuers the default dataspace trusts, each for the types given (default MembershipCredential). */
  trusted?: Array<{ issuer: TestParty; types?: string[] }>;
  requiredCredentialTypes?: string[];
}

export interface Participant {
  id: string;
  did: string;
  credentialService: string;
}

export async function startDcpRuntime(t: Test, options: DcpRuntimeOptions = {}) {
  const dataspaces: IdentityHubSettings['dataspaces'] = [
    {
      name: 'test',
      trustedIssuers: (options.trusted ?? []).map(({ issuer, types = ['MembershipCredential'] }) => ({ did: issuer.did, credentialTypes: types })),
      requiredCredentialTypes: options.requiredCredentialTypes ?? ['MembershipCredential'],
    },
  ];
  const hub = await startIdentityRuntime(t, { ...options, settings: { dcpHttpLoopback: true, dataspaces, ...options.settings } });

  /** A participant with an active key (algorithm as given) and so a DID. */
  async function participant(id: string, algorithm: 'Ed25519' | 'P-256' = 'Ed25519'): Promise<Participant> {
    const key = await hub.keys.create(id, { algorithm });
    return { id, did: key.verificationMethodId.split('#')[0]!, credentialService: `${hub.url('protocol')}/dcp/${id}` };
  }

  return { ...hub, participant };
}

export type DcpRuntime = Awaited<ReturnType<typeof startDcpRuntime>>;

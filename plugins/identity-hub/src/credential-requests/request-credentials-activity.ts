/**
 * The workflow activity `identity-hub.request-credentials`: a tenant (input `tenantId`; its DID
 * from the `identity` step's output, else the DID service) requests each credential type its
 * dataspace requires from the dataspace's issuer, then waits — by failing with a retryable error,
 * so the workflow retries with back-off — until every type is in its wallet. The request is
 * recorded before anything else, and its holderPid derives from the step's idempotency key, so
 * neither a retry nor a replica resuming after a crash requests twice. Compensation deletes the
 * credentials from the wallet (the holder cannot revoke them; the issuer can).
 */
import { createHash } from 'node:crypto';
import { ProblemError, unlessNotFound } from '@tdss/sdk';
import { PermanentError, type WorkflowActivity } from '@tdss/workflow';
import type { CredentialStore } from '../credentials/credential-store.ts';
import { sameType } from '../credentials/same-type.ts';
import type { DidService } from '../did/did-service.ts';
import type { TrustRegistry } from '../trust/dataspace-trust.ts';
import type { CredentialRequestRef, CredentialRequests } from './credential-requests.ts';

export const REQUEST_CREDENTIALS = 'identity-hub.request-credentials';

/** Attempts before the step fails: with the workflow's default back-off (1 s doubling to 5 min) about two hours of waiting. */
const MAX_ATTEMPTS = 30;

export interface RequestCredentialsOutput {
  /** The dataspace's issuer; null when the dataspace requires no credential. */
  issuer: string | null;
  /** The request made, or null when the wallet held everything already. */
  request: CredentialRequestRef | null;
  /** The wallet entry holding each required type. */
  credentials: Array<{ type: string; credentialEntryId: string }>;
}

export interface RequestCredentialsServices {
  dids: () => DidService;
  credentials: () => CredentialStore;
  requests: () => CredentialRequests;
  trust: () => TrustRegistry;
  now?: () => Date;
}

export function requestCredentialsActivity(services: RequestCredentialsServices): WorkflowActivity {
  const now = services.now ?? (() => new Date());

  /** The wallet entry of each type the issuer gave the tenant that is still valid; missing types are left out. */
  async function held(tenantId: string, issuer: string, types: readonly string[]): Promise<Map<string, string>> {
    const wallet = await services.credentials().presentable(tenantId);
    const found = new Map<string, string>();
    for (const type of types) {
      const entry = wallet.find(
        (credential) => credential.issuer === issuer && credential.types.some((t) => sameType(t, type)) && !(credential.validUntil && new Date(credential.validUntil) <= now()),
      );
      if (entry) found.set(type, entry.id);
    }
    return found;
  }

  return {
    type: REQUEST_CREDENTIALS,
    description: 'Requests the credentials the tenant\'s dataspace requires from its issuer (DCP) and waits until they are in the tenant\'s wallet.',
    retry: { maxAttempts: MAX_ATTEMPTS, retryable: (error) => !(error instanceof PermanentError) && !(error instanceof ProblemError && error.status === 400) },
    async execute(ctx): Promise<RequestCredentialsOutput> {
      const tenantId = ctx.input.tenantId;
      if (typeof tenantId !== 'string') throw new PermanentError('the orchestration input has no tenantId');
      const trust = services.trust().forParticipant(tenantId);
      if (!trust) throw new PermanentError(`tenant ${tenantId} belongs to no dataspace of the identity hub's dataspaces setting`);
      const types = trust.requiredCredentialTypes;
      // Nothing to request, so no database access: the DID matters only to a request.
      if (types.length === 0) return { issuer: null, request: null, credentials: [] };
      const did = (await services.dids().find(tenantId))?.did;
      const fromIdentity = (ctx.outputs.identity as { did?: unknown } | undefined)?.did;
      if (!did) throw new PermanentError(`tenant ${tenantId} has no DID in the identity hub`);
      if (fromIdentity !== undefined && fromIdentity !== did) throw new PermanentError(`the identity step made ${String(fromIdentity)}, but tenant ${tenantId}'s DID is ${did}`);
      const issuer = trust.issuer;
      if (!issuer) throw new PermanentError(`dataspace ${trust.name} requires ${types.join(', ')} but names no issuer to request them from`);

      const output = (found: Map<string, string>, request: CredentialRequestRef | null): RequestCredentialsOutput => ({
        issuer,
        request,
        credentials: types.map((type) => ({ type, credentialEntryId: found.get(type)! })),
      });
      let found = await held(tenantId, issuer, types);
      const recorded = await ctx.recorded<CredentialRequestRef>('request');
      if (found.size === types.length) return output(found, recorded?.value ?? null);

      const request =
        recorded?.value ??
        (await ctx.record(
          'request',
          await services.requests().request(tenantId, {
            issuer,
            credentialTypes: types.filter((type) => !found.has(type)),
            holderPid: createHash('sha256').update(ctx.idempotencyKey).digest('base64url').slice(0, 32),
          }),
        ));
      const status = await services.requests().status(tenantId, request);
      if (status === 'REJECTED') throw new PermanentError(`${issuer} rejected the request for ${request.credentialTypes.join(', ')} (issuerPid ${request.issuerPid})`);
      found = await held(tenantId, issuer, types);
      if (found.size === types.length) return output(found, request);
      throw new Error(`waiting for ${issuer} to deliver ${types.filter((type) => !found.has(type)).join(', ')}: the request is ${status}`);
    },
    async compensate(ctx) {
      const tenantId = ctx.input.tenantId as string;
      const { credentials } = ctx.output as RequestCredentialsOutput;
      for (const { credentialEntryId } of credentials) await unlessNotFound(services.credentials().delete(tenantId, credentialEntryId));
    },
  };
}

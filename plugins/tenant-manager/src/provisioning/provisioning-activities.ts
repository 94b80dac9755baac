/**
 * The steps of provisioning a tenant. Each is idempotent (a retry or a replica resuming finds
 * what an earlier attempt made, by the tenant id) and undone by its compensation when a later
 * step fails for good.
 */
import { randomBytes } from 'node:crypto';
import { ProblemError, unlessNotFound } from '@tdss/sdk';
import type { WorkflowActivity } from '@tdss/workflow';
import { TENANT_KEY_ID, TENANT_SECRET_KEY, type TenantServices, tenantIdOf } from './tenant-services.ts';

export const CREATE_IDENTITY = 'tenant.create-identity';
export const CREATE_PARTICIPANT_CONTEXT = 'tenant.create-participant-context';
export const STORE_TENANT_SECRET = 'tenant.store-secret';

export function provisioningActivities(services: TenantServices): WorkflowActivity[] {
  const { contexts, keys, secrets } = services;
  return [
    {
      type: CREATE_IDENTITY,
      description: 'Creates the tenant\'s first key pair in the identity hub, which creates its did:web, and stores the tenant\'s API key in the secret store.',
      async execute(ctx) {
        const tenantId = tenantIdOf(ctx.input);
        // Created first (the create makes the did:web too): a retry's 409 means an earlier attempt made the key pair.
        let fresh = true;
        const keyPair = await keys()
          .create(tenantId, { keyId: TENANT_KEY_ID })
          .catch(async (error: unknown) => {
            const made = error instanceof ProblemError && error.status === 409 ? (await keys().list(tenantId, { limit: 500 })).items.find((key) => key.keyId === TENANT_KEY_ID) : undefined;
            if (!made) throw error;
            fresh = false;
            return made;
          });
        // `<did>#<keyId>`: the key pair names its DID, no read of the DID record needed.
        const did = keyPair.verificationMethodId.slice(0, -`#${keyPair.keyId}`.length);
        // In this step rather than one of its own: a step costs the engine a transaction, and the two never fail apart.
        // The API key comes after the key pair: with a fresh key pair no earlier attempt stored one, so there is nothing to look for.
        if (fresh) await services.secrets().put(tenantId, TENANT_SECRET_KEY, newApiKey());
        else await storeTenantSecret(services, tenantId);
        return { keyPairId: keyPair.id, did, secret: TENANT_SECRET_KEY };
      },
      async compensate(ctx) {
        const { keyPairId } = ctx.output as { keyPairId: string };
        const tenantId = tenantIdOf(ctx.input);
        await secrets().delete(tenantId, TENANT_SECRET_KEY);
        await revokeUnlessRevoked(services, tenantId, keyPairId);
      },
    },
    {
      type: CREATE_PARTICIPANT_CONTEXT,
      description: 'Creates the tenant\'s participant context in the control plane, its participantId the tenant\'s DID.',
      async execute(ctx) {
        const tenantId = tenantIdOf(ctx.input);
        const { did } = ctx.outputs.identity as { did: string };
        // Created first: a retry's conflict means an earlier attempt made it.
        await unlessConflict(contexts().create({ id: tenantId, participantId: did, properties: { tenantName: ctx.input.name } }));
        return { participantContextId: tenantId };
      },
      async compensate(ctx) {
        await removeParticipantContext(services, tenantIdOf(ctx.input));
      },
    },
    {
      // No step of provision-tenant any more (the identity step stores the secret); kept for orchestrations started before.
      type: STORE_TENANT_SECRET,
      description: 'Stores the tenant\'s API key in the secret store, under the tenant\'s scope.',
      async execute(ctx) {
        await storeTenantSecret(services, tenantIdOf(ctx.input));
        return { secret: TENANT_SECRET_KEY };
      },
      async compensate(ctx) {
        await secrets().delete(tenantIdOf(ctx.input), TENANT_SECRET_KEY);
      },
    },
  ];
}

/** A fresh API key, unless an earlier attempt stored one: a retry never replaces the key. */
async function storeTenantSecret(services: TenantServices, tenantId: string): Promise<void> {
  if ((await services.secrets().get(tenantId, TENANT_SECRET_KEY)) === undefined) {
    await services.secrets().put(tenantId, TENANT_SECRET_KEY, newApiKey());
  }
}

function newApiKey(): string {
  return randomBytes(32).toString('base64url');
}

/** The write's value, or undefined when it failed with a 409 problem: what it would make exists already. */
async function unlessConflict<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ProblemError && error.status === 409) return undefined;
    throw error;
  }
}

/** Revoking twice is a 409 of the key service; for an undo, revoked is revoked. */
export async function revokeUnlessRevoked(services: TenantServices, tenantId: string, keyPairId: string): Promise<void> {
  try {
    await services.keys().revoke(tenantId, keyPairId);
  } catch (error) {
    if (!(error instanceof ProblemError && (error.status === 409 || error.status === 404))) throw error;
  }
}

/** Deactivated first: the control plane deletes only closed contexts. Gone already is done. */
export async function removeParticipantContext(services: TenantServices, tenantId: string): Promise<void> {
  const context = await unlessNotFound(services.contexts().get(tenantId));
  if (!context) return;
  if (context.state !== 'DEACTIVATED') await services.contexts().setState(tenantId, 'DEACTIVATED');
  await unlessNotFound(services.contexts().delete(tenantId));
}

import { ParticipantContexts } from '@tdss/control-plane';
import { DidService, KeyService } from '@tdss/identity-hub';
import { SecretStore } from '@tdss/sdk';
import { forEachDialect } from '@tdss/testing';
import type { ActivityContext, CompensationContext } from '@tdss/workflow';
import t from 'tap';
import { startTenantRuntime } from '../test-support/tenant-runtime.ts';
import { provisioningActivities } from './provisioning-activities.ts';
import { terminationActivities } from './termination-activities.ts';

await forEachDialect(t, 'every step can run twice (a retry, a replica resuming) and makes its effect once', async (t, _dialect, database) => {
  const { runtime } = await startTenantRuntime(t, database);
  const services = {
    contexts: () => runtime.get(ParticipantContexts),
    keys: () => runtime.get(KeyService),
    dids: () => runtime.get(DidService),
    secrets: () => runtime.get(SecretStore),
  };
  const [identity, context, secret] = provisioningActivities(services);
  const outputs: Record<string, unknown> = {};
  const ctx = { input: { tenantId: 'solo', name: 'Solo' }, outputs } as unknown as ActivityContext;

  const first = await identity!.execute(ctx);
  t.same(await identity!.execute(ctx), first, 'the identity step returns the same key pair and DID again');
  t.equal((await services.keys().list('solo')).total, 1, 'one key pair');
  outputs.identity = first;
  t.same(await context!.execute(ctx), await context!.execute(ctx));
  t.equal((await services.contexts().list({ offset: 0, limit: 10, filters: {} })).total, 1, 'one participant context');
  await secret!.execute(ctx);
  const value = await services.secrets().get('solo', 'tenant-manager/api-key');
  await secret!.execute(ctx);
  t.equal(await services.secrets().get('solo', 'tenant-manager/api-key'), value, 'the secret is not replaced');

  for (const step of [secret!, context!, identity!]) {
    const undo = { ...ctx, output: step === identity ? first : {} } as unknown as CompensationContext;
    await step.compensate(undo);
    await step.compensate(undo);
  }
  t.equal((await services.contexts().list({ offset: 0, limit: 10, filters: {} })).total, 0, 'compensated twice: the context is gone');
  t.equal(await services.secrets().get('solo', 'tenant-manager/api-key'), undefined);
  t.same((await services.keys().list('solo')).items.map((k) => k.state), ['REVOKED']);

  for (const step of terminationActivities(services)) {
    await step.execute(ctx);
    await step.execute(ctx);
  }
  t.same(await services.secrets().list('solo'), [], 'termination steps run twice without complaint');
});

import { ContractNegotiations, DataPlanes, ParticipantContexts, TransferProcesses } from '@tdss/control-plane';
import { DidService, IdentityPurge, KeyService } from '@tdss/identity-hub';
import { Database, SecretStore } from '@tdss/sdk';
import { createLocalProvisioner } from '@tdss/provisioner-local';
import { createTempDir, forEachDialect } from '@tdss/testing';
import type { ActivityContext, CompensationContext } from '@tdss/workflow';
import t from 'tap';
import { startTenantRuntime } from '../test-support/tenant-runtime.ts';
import { infrastructureActivities } from './infrastructure-activities.ts';
import { provisioningActivities } from './provisioning-activities.ts';
import { terminationActivities } from './termination-activities.ts';

await forEachDialect(t, 'every step can run twice (a retry, a replica resuming) and makes its effect once', async (t, _dialect, database) => {
  const { runtime } = await startTenantRuntime(t, database);
  const provisioner = createLocalProvisioner({ root: await createTempDir(t, 'tdss-tenants-'), defaultQuotaMegabytes: 1 });
  const services = {
    db: () => runtime.get(Database),
    contexts: () => runtime.get(ParticipantContexts),
    transfers: () => runtime.get(TransferProcesses),
    negotiations: () => runtime.get(ContractNegotiations),
    dataPlanes: () => runtime.get(DataPlanes),
    keys: () => runtime.get(KeyService),
    dids: () => runtime.get(DidService),
    identities: () => runtime.get(IdentityPurge),
    secrets: () => runtime.get(SecretStore),
    provisioner: () => provisioner,
  };
  const [identity, context, secret] = provisioningActivities(services);
  const outputs: Record<string, unknown> = {};
  const ctx = { input: { tenantId: 'solo', name: 'Solo' }, outputs } as unknown as ActivityContext;

  const first = await identity!.execute(ctx);
  const value = await services.secrets().get('solo', 'tenant-manager/api-key');
  t.ok(value, 'the identity step stores the tenant secret');
  t.same(await identity!.execute(ctx), first, 'the identity step returns the same key pair and DID again');
  t.equal((await services.keys().list('solo')).total, 1, 'one key pair');
  t.equal(await services.secrets().get('solo', 'tenant-manager/api-key'), value, 'the secret is not replaced');
  outputs.identity = first;
  t.same(await context!.execute(ctx), await context!.execute(ctx));
  t.equal((await services.contexts().list({ offset: 0, limit: 10, filters: {} })).total, 1, 'one participant context');
  // The step of orchestrations started before the identity step stored the secret: it keeps the one there.
  await secret!.execute(ctx);
  t.equal(await services.secrets().get('solo', 'tenant-manager/api-key'), value, 'nor by the former secret step');

  const [infrastructure] = infrastructureActivities(services);
  const made = await infrastructure!.execute(ctx);
  t.same(await infrastructure!.execute(ctx), made, 'the infrastructure step makes the same infrastructure again');
  t.match(made, { resources: [{ kind: 'Folder', name: 'solo' }, { kind: 'QuotaMarker' }], dataPlanes: [] });

  for (const step of [infrastructure!, context!, identity!]) {
    const undo = { ...ctx, output: step === identity ? first : step === infrastructure ? made : {} } as unknown as CompensationContext;
    await step.compensate(undo);
    await step.compensate(undo);
  }
  t.equal((await services.contexts().list({ offset: 0, limit: 10, filters: {} })).total, 0, 'compensated twice: the context is gone');
  t.equal(await services.secrets().get('solo', 'tenant-manager/api-key'), undefined, 'the identity step\'s undo removed the secret');
  t.same((await services.keys().list('solo')).items.map((k) => k.state), ['REVOKED']);

  for (const step of terminationActivities(services)) {
    await step.execute(ctx);
    await step.execute(ctx);
  }
  t.same(await services.secrets().list('solo'), [], 'termination steps run twice without complaint');
  t.same((await services.keys().list('solo')).items, [], 'the purge left no key pair');
  t.equal(await services.dids().find('solo'), undefined, 'nor a DID record');
});

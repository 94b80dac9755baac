/**
 * A provisioner (contributed by this test) gives the provider tenant a dedicated data plane: an
 * SDK data plane served on loopback. Provisioning registers it for the tenant's participant
 * context; a transfer of another tenant from the provider goes through it; a re-provisioning that
 * moves the data plane to another URL registers the new one and deregisters the old, leaving an
 * operator's own registration alone; a provisioning that fails after the step deregisters what it
 * registered; termination deregisters them.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataPlanes, TransferProcesses } from '@tdss/control-plane';
import { createDataPlane, type DataFlow, serveDataPlane } from '@tdss/dataplane-sdk';
import { contributingPlugin, createTempDir, forEachDialect } from '@tdss/testing';
import t, { type Test } from 'tap';
import { type ProvisioningRequest, Provisioners } from '../provisioner/provisioner.ts';
import { eventually } from '../test-support/eventually.ts';
import { negotiateAgreement } from '../test-support/negotiate-agreement.ts';
import { createOpenOffer } from '../test-support/open-offer.ts';
import { failingActivityPlugin, startTenantRuntime } from '../test-support/tenant-runtime.ts';
import { DATA_PLANE_LABEL, dataPlaneIdOf } from './data-plane-activities.ts';

const PROFILE = 'Dedicated-PULL';
/** A dedicated data plane on loopback; it records the flows it started. */
async function dedicatedPlane(t: Test, name: string) {
  const started: DataFlow[] = [];
  const plane = createDataPlane({
    id: name,
    transferTypes: [{ profile: PROFILE, flow: 'PULL' }],
    onStart: async (flow) => {
      started.push(flow);
      return { dataAddress: { endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: `https://${name}.example/flows/${flow.id}` } };
    },
  });
  const served = await serveDataPlane({ routes: [{ path: '/api/signaling', router: plane.router }] });
  t.teardown(() => served.close());
  return { url: `${served.url}/api/signaling`, started };
}

/** Tenants whose `infrastructure.dataPlane` names one of `urls` get that data plane; others share the runtime's. */
function dedicatedProvisioner(urls: Record<string, string>) {
  const dataPlanesOf = (request: ProvisioningRequest) => {
    const chosen = (request.settings.infrastructure as { dataPlane?: string } | undefined)?.dataPlane;
    return chosen ? [{ url: urls[chosen]!, transferTypes: [PROFILE] }] : [];
  };
  return contributingPlugin('test-dedicated-provisioner', Provisioners, {
    name: 'dedicated',
    description: 'a dedicated data plane per tenant, on loopback',
    provision: async (request) => ({ resources: [], dataPlanes: dataPlanesOf(request) }),
    suspend: async () => undefined,
    resume: async () => undefined,
    deprovision: async () => undefined,
  });
}

await forEachDialect(t, 'a tenant\'s dedicated data planes are registered, kept in line and deregistered', async (t, _dialect, database) => {
  const one = await dedicatedPlane(t, 'plane-one');
  const two = await dedicatedPlane(t, 'plane-two');
  const home = await startTenantRuntime(t, database, {
    tenantManager: { provisioner: 'dedicated' },
    plugins: [dedicatedProvisioner({ one: one.url, two: two.url }), failingActivityPlugin],
  });
  const registry = home.runtime.get(DataPlanes);
  const registrationsOf = async (tenantId: string) => (await registry.list({ offset: 0, limit: 50, participantContextId: tenantId })).items;

  const provider = `provider-${randomBytes(3).toString('hex')}`;
  t.equal((await home.api('POST', '', { id: provider, name: 'Provider', settings: { infrastructure: { dataPlane: 'one' } } })).status, 201);
  t.equal((await home.api('POST', '', { id: 'consumer', name: 'Consumer' })).status, 201);
  const { did: providerDid } = await home.waitForTenant(provider, ['ACTIVE', 'FAILED']);
  await home.waitForTenant('consumer', ['ACTIVE', 'FAILED']);
  t.match(await registrationsOf(provider), [{ id: dataPlaneIdOf(provider, one.url), endpoint: one.url, profiles: [PROFILE], labels: [DATA_PLANE_LABEL] }], 'provisioning registered the dedicated data plane for the tenant');
  t.same(await registrationsOf('consumer'), [], 'a tenant without one has none');

  // An operator's own registration for the provider: the tenant manager leaves it alone.
  await registry.register({ dataplaneId: `${provider}-operator`, endpoint: 'http://127.0.0.1:9/operator', profiles: ['Other-PUSH'] }, provider);

  // The consumer tenant pulls from the provider tenant: the provider's transfer goes through its dedicated data plane.
  await createOpenOffer(t, home, provider, { id: 'weather', baseUrl: 'https://source.example/weather', contractDefinitionId: 'cd' });
  const address = `${home.server.url('protocol')}/${provider}/2025-1`;
  const agreementId = await negotiateAgreement(t, home, 'consumer', { address, id: providerDid });
  const transfers = home.runtime.get(TransferProcesses);
  const transfer = await transfers.request('consumer', { counterpartyAddress: address, agreementId, transferType: PROFILE });
  const started = await eventually('the transfer to start', async () => {
    const found = await transfers.get('consumer', transfer.id);
    return found.state === 'STARTED' ? found : undefined;
  });
  t.match(started.dataAddress?.endpoint, /^https:\/\/plane-one\.example\/flows\//, 'the consumer got the dedicated data plane\'s address');
  t.match(one.started, [{ participantId: providerDid, profile: PROFILE, metadata: { participantContextId: provider } }], 'the dedicated data plane started the provider\'s flow');

  // Re-provisioning moves the tenant to another data plane.
  t.equal((await home.api('PATCH', `/${provider}`, { settings: { infrastructure: { dataPlane: 'two' } } })).status, 200);
  await eventually('the re-provisioning', async () => ((await home.api('GET', `/${provider}`)).body.state === 'ACTIVE' && (await registrationsOf(provider)).some((r) => r.endpoint === two.url) ? true : undefined));
  t.same(
    (await registrationsOf(provider)).map((r) => r.id).sort(),
    [`${provider}-operator`, dataPlaneIdOf(provider, two.url)].sort(),
    'the new data plane registered, the old one deregistered, the operator\'s kept',
  );

  // A provisioning that fails after the step takes its registration back.
  const failing = await startTenantRuntime(t, { dialect: 'sqlite', file: join(await createTempDir(t, 'tdss-dp-fail-'), 'failing.sqlite') }, {
    tenantManager: { provisioner: 'dedicated' },
    extraProvisioningActivities: ['test.fail'],
    plugins: [dedicatedProvisioner({ one: one.url }), failingActivityPlugin],
  });
  t.equal((await failing.api('POST', '', { id: 'doomed', name: 'Doomed', settings: { infrastructure: { dataPlane: 'one' } } })).status, 201);
  const doomed = await failing.waitForTenant('doomed', ['FAILED', 'ACTIVE']);
  t.equal(doomed.state, 'FAILED');
  t.same((await failing.runtime.get(DataPlanes).list({ offset: 0, limit: 10, participantContextId: 'doomed' })).items, [], 'the compensation deregistered the data plane');

  t.equal((await home.api('DELETE', `/${provider}`)).status, 202);
  const terminated = await eventually('the termination', async () => {
    const tenant = (await home.api('GET', `/${provider}`)).body;
    return tenant?.state === 'TERMINATED' || tenant?.state === 'FAILED' ? tenant : undefined;
  });
  t.equal(terminated.state, 'TERMINATED');
  t.match(terminated.orchestration.steps.find((step: { id: string }) => step.id === 'data-planes')?.output, { deregistered: [dataPlaneIdOf(provider, two.url)] }, 'termination deregistered its data plane');
  t.same(await registrationsOf(provider), [], 'nothing of the tenant\'s is registered any more');
});

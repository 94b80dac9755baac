import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParticipantContexts } from '@tdss/control-plane';
import { KeyService } from '@tdss/identity-hub';
import { Database, SecretStore } from '@tdss/sdk';
import { createTempDir, forEachDialect } from '@tdss/testing';
import { Workflows } from '@tdss/workflow';
import t from 'tap';
import { failingActivityPlugin, recordingActivityPlugin, startTenantRuntime } from '../test-support/tenant-runtime.ts';

const quotaOf = (dataDir: string, tenantId: string) => JSON.parse(readFileSync(join(dataDir, 'tenants', tenantId, 'quota.json'), 'utf8')).quotaBytes / 1024 / 1024;

await forEachDialect(t, 'a tenant from creation to termination', async (t, _dialect, database) => {
  const dataDir = await createTempDir(t, 'tdss-tenant-');
  const { runtime, server, api, waitForTenant } = await startTenantRuntime(t, database, { dataDir });

  const created = await api('POST', '', { id: 'acme', name: 'ACME Corp', settings: { dataspaces: ['local'], infrastructure: { quotaMegabytes: 5 } } });
  t.equal(created.status, 201);
  t.equal(created.headers.get('location'), '/management/v1/tenants/acme');
  t.match(created.body, { id: 'acme', name: 'ACME Corp', state: 'PROVISIONING', settings: { dataspaces: ['local'] }, orchestrationId: 'provision:acme' });

  const active = await waitForTenant('acme', ['ACTIVE', 'FAILED']);
  t.equal(active.state, 'ACTIVE', 'ACTIVE once the provisioning workflow completes');
  t.match(active.did, /^did:web:127\.0\.0\.1%3A\d+:identity:acme$/, 'the did:web the identity step made');
  const folder = join(dataDir, 'tenants', 'acme');
  t.match(active.orchestration, {
    name: 'provision-tenant',
    state: 'COMPLETED',
    steps: [
      // One step makes the key pair, the did:web and the tenant secret.
      { id: 'identity', activity: 'tenant.create-identity', state: 'COMPLETED', attempts: 1, error: null, output: { secret: 'tenant-manager/api-key' } },
      { id: 'context', activity: 'tenant.create-participant-context', state: 'COMPLETED' },
      // The local dataspace requires no credential: the step asks no issuer.
      { id: 'credentials', activity: 'identity-hub.request-credentials', state: 'COMPLETED', output: { issuer: null, request: null, credentials: [] } },
      {
        id: 'infrastructure',
        activity: 'tenant.provision-infrastructure',
        state: 'COMPLETED',
        output: { resources: [{ kind: 'Folder', name: 'acme', location: folder }, { kind: 'QuotaMarker', name: 'quota.json' }], dataPlanes: [] },
      },
      // The local provisioner gives no dedicated data plane: nothing to register.
      { id: 'data-planes', activity: 'tenant.register-data-planes', state: 'COMPLETED', output: { registered: [], deregistered: [] } },
    ],
  });
  t.equal(quotaOf(dataDir, 'acme'), 5, 'the local provisioner made the tenant\'s folder with its quota');
  const context = await runtime.get(ParticipantContexts).get('acme');
  t.equal(context.participantId, active.did, 'the participant context is the DID\'s');
  t.equal(context.state, 'ACTIVATED');
  t.same(await runtime.get(SecretStore).list('acme', 'tenant-manager/'), ['tenant-manager/api-key'], 'the tenant secret is stored');
  t.equal((await runtime.get(KeyService).list('acme')).items.filter((k) => k.state === 'ACTIVATED').length, 1, 'one active key pair');
  const apiKey = await runtime.get(SecretStore).get('acme', 'tenant-manager/api-key');
  t.notOk(JSON.stringify(active).includes(apiKey!), 'no secret in the answer');
  t.notMatch(JSON.stringify(active), /privateKey|"d":/, 'no private key either');

  const version = `${server.url('protocol')}/acme/.well-known/dspace-version`;
  const assets = `${server.url('management')}/v1/participants/acme/assets`;
  const asset = (id: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ '@id': id, properties: {}, dataAddress: { type: 'HttpData', baseUrl: 'https://acme.example/data' } }) });
  t.equal((await fetch(version)).status, 200, 'the DSP endpoints of an active tenant answer');

  const suspending = await api('POST', '/acme/suspend');
  t.match(suspending, { status: 202, body: { state: 'SUSPENDING', orchestrationId: /^suspend:acme:/ } });
  const suspended = await waitForTenant('acme', ['SUSPENDED', 'ACTIVE']);
  t.equal(suspended.state, 'SUSPENDED');
  t.match(suspended.orchestration, { name: 'suspend-tenant', state: 'COMPLETED', steps: [{ id: 'context' }, { id: 'transfers', output: { suspended: [] } }, { id: 'infrastructure' }] });
  t.equal((await runtime.get(ParticipantContexts).get('acme')).state, 'DEACTIVATED');
  t.equal((await fetch(version)).status, 404, 'a suspended tenant\'s DSP endpoints answer 404');
  const refused = await fetch(assets, asset('while-suspended'));
  t.equal(refused.status, 409, 'its management API refuses writes');
  t.match(await refused.json(), { title: 'participant context is suspended', detail: /read-only/ });
  t.equal((await fetch(assets)).status, 200, 'and still answers reads');
  t.ok(existsSync(join(folder, 'SUSPENDED')), 'the provisioner marked the tenant\'s folder suspended');
  t.match((await api('POST', '/acme/suspend')).body, { state: 'SUSPENDED', orchestrationId: suspended.orchestrationId }, 'suspending again changes nothing');

  t.match((await api('POST', '/acme/resume')).body, { state: 'RESUMING' });
  t.equal((await waitForTenant('acme', ['ACTIVE', 'SUSPENDED'])).state, 'ACTIVE');
  t.equal((await fetch(version)).status, 200, 'resumed: the DSP endpoints answer again');
  t.equal((await fetch(assets, asset('after-resume'))).status, 201, 'and the management API takes writes again');
  t.notOk(existsSync(join(folder, 'SUSPENDED')), 'the suspension marker is gone');
  t.equal((await api('POST', '/acme/resume')).body.state, 'ACTIVE', 'resuming an active tenant changes nothing');

  const renamed = await api('PATCH', '/acme', { name: 'ACME Corporation' });
  t.match(renamed, { status: 200, body: { name: 'ACME Corporation', state: 'ACTIVE', orchestrationId: /^resume:acme:/ } }, 'a new name needs no re-provisioning');

  const reprovisioning = await api('PATCH', '/acme', { settings: { dataspaces: ['local'], infrastructure: { quotaMegabytes: 7 } } });
  t.match(reprovisioning.body, { state: 'PROVISIONING', orchestrationId: /^reprovision:acme:/, settings: { infrastructure: { quotaMegabytes: 7 } } });
  const reprovisioned = await waitForTenant('acme', ['ACTIVE', 'FAILED']);
  t.equal(reprovisioned.state, 'ACTIVE');
  t.match(reprovisioned.orchestration, {
    name: 'reprovision-tenant',
    state: 'COMPLETED',
    steps: [
      { id: 'credentials', state: 'COMPLETED' },
      { id: 'infrastructure', state: 'COMPLETED' },
    ],
  });
  t.equal(quotaOf(dataDir, 'acme'), 7, 'the changed infrastructure setting reached the provisioner');

  const refusedByProvisioner = await api('PATCH', '/acme', { settings: { dataspaces: ['local'], infrastructure: { quotaMegabytes: 0 } } });
  t.equal(refusedByProvisioner.body.state, 'PROVISIONING');
  const failed = await waitForTenant('acme', ['FAILED', 'ACTIVE']);
  t.equal(failed.state, 'FAILED', 'a re-provisioning the provisioner refuses fails the tenant');
  t.match(failed.error, /step infrastructure \(tenant\.reprovision-infrastructure\) failed: provisioner local: settings\.infrastructure\.quotaMegabytes/, 'naming the field');
  t.same(failed.settings.infrastructure, { quotaMegabytes: 7 }, 'the earlier settings are back');
  t.equal(quotaOf(dataDir, 'acme'), 7, 'and so is the infrastructure');
  const retried = await api('PATCH', '/acme', { settings: { dataspaces: ['local'], infrastructure: { quotaMegabytes: 9 } } });
  t.equal(retried.body.state, 'PROVISIONING', 'a failed re-provisioning can be retried with another PATCH');
  t.equal((await waitForTenant('acme', ['ACTIVE', 'FAILED'])).state, 'ACTIVE');
  t.equal(quotaOf(dataDir, 'acme'), 9);

  const deleting = await api('DELETE', '/acme');
  t.equal(deleting.status, 202);
  t.match(deleting.body, { state: 'TERMINATING', orchestrationId: /^terminate:acme:/ });
  const terminated = await waitForTenant('acme', ['TERMINATED', 'FAILED']);
  t.equal(terminated.state, 'TERMINATED');
  t.match(terminated.orchestration, {
    name: 'terminate-tenant',
    state: 'COMPLETED',
    steps: ['live-work', 'keys', 'data-planes', 'context', 'identity', 'infrastructure', 'secrets'].map((id) => ({ id, state: 'COMPLETED' })),
  });
  const sql = runtime.get(Database).kysely();
  t.same(await sql.selectFrom('cp_participant_context').select('id').where('id', '=', 'acme').execute(), [], 'no participant context left');
  t.same(await sql.selectFrom('cp_asset').select('id').where('tenant_id', '=', 'acme').execute(), [], 'nor its assets');
  t.same(await sql.selectFrom('identity_hub_key_pairs').select('id').where('tenant_id', '=', 'acme').execute(), [], 'nor its key pairs');
  t.same(await sql.selectFrom('identity_hub_dids').select('did').where('tenant_id', '=', 'acme').execute(), [], 'nor its DID');
  t.equal((await fetch(`${server.url('identity')}/acme/did.json`)).status, 404, 'its did:web resolves to nothing');
  t.same(await runtime.get(SecretStore).list('acme'), [], 'nothing in the secret store');
  t.notOk(existsSync(folder), 'its folder is gone');
  t.equal((await api('DELETE', '/acme')).status, 202, 'deleting again changes nothing');
  t.equal((await api('GET', '/acme')).body.state, 'TERMINATED', 'the tenant row stays for the retention period');
  t.equal((await api('POST', '/acme/resume')).status, 409, 'a terminated tenant cannot be resumed');
  t.equal((await api('PATCH', '/acme', { name: 'x' })).status, 409, 'nor changed');
});

await forEachDialect(t, 'a provisioning step failing for good leaves the tenant FAILED, earlier steps undone', async (t, _dialect, database) => {
  const dataDir = await createTempDir(t, 'tdss-tenant-');
  const { runtime, api, waitForTenant } = await startTenantRuntime(t, database, {
    dataDir,
    extraProvisioningActivities: ['test.fail'],
    plugins: [failingActivityPlugin],
  });
  t.equal((await api('POST', '', { id: 'doomed', name: 'Doomed' })).status, 201);
  const failed = await waitForTenant('doomed', ['FAILED', 'ACTIVE']);
  t.equal(failed.state, 'FAILED');
  t.match(failed.error, /step extra-1 \(test\.fail\) failed: the data plane refused the tenant/, 'the cause');
  t.match(failed.orchestration, {
    state: 'FAILED',
    steps: [
      { id: 'identity', state: 'COMPENSATED' },
      { id: 'context', state: 'COMPENSATED' },
      { id: 'credentials', state: 'COMPENSATED' },
      { id: 'infrastructure', state: 'COMPENSATED' },
      { id: 'data-planes', state: 'COMPENSATED' },
      { id: 'extra-1', state: 'FAILED', error: 'the data plane refused the tenant' },
    ],
  });
  t.equal(failed.did, null);
  const rows = await runtime.get(Database).kysely().selectFrom('cp_participant_context').select('id').execute();
  t.same(rows, [], 'the participant context is gone');
  t.same(await runtime.get(SecretStore).list('doomed', 'tenant-manager/'), [], 'the tenant secret is gone');
  t.same((await runtime.get(KeyService).list('doomed')).items.map((k) => k.state), ['REVOKED'], 'the key pair is revoked');
  t.notOk(existsSync(join(dataDir, 'tenants', 'doomed')), 'the infrastructure is deprovisioned');
  t.equal((await api('POST', '/doomed/suspend')).status, 409, 'a failed tenant cannot be suspended');
  t.equal((await api('PATCH', '/doomed', { settings: { infrastructure: { quotaMegabytes: 2 } } })).status, 409, 'nor re-provisioned: it never was provisioned');
  t.equal((await api('DELETE', '/doomed')).status, 202, 'but it can be terminated');
  t.equal((await waitForTenant('doomed', ['TERMINATED', 'FAILED'])).state, 'TERMINATED');
});

await forEachDialect(t, 'extra activities (e.g. credential requests) run after identity and context, and again on a re-provisioning', async (t, _dialect, database) => {
  const runs: Array<{ orchestration: string; dataspaces: unknown; did: unknown }> = [];
  const { api, runtime, waitForTenant } = await startTenantRuntime(t, database, { extraProvisioningActivities: ['test.record'], plugins: [recordingActivityPlugin(runs)] });
  t.equal((await api('POST', '', { id: 'member', name: 'Member', settings: { dataspaces: ['local'] } })).status, 201);
  const active = await waitForTenant('member', ['ACTIVE', 'FAILED']);
  t.match(active.orchestration.steps.map((step: { id: string }) => step.id), ['identity', 'context', 'credentials', 'infrastructure', 'data-planes', 'extra-1']);
  const provisioning = await runtime.get(Workflows).get(active.orchestration.id);
  t.same(provisioning.steps.at(-1)!.dependsOn, ['credentials', 'data-planes'], 'the extra step waits for both branches');
  t.same(runs, [{ orchestration: 'provision-tenant', dataspaces: ['local'], did: active.did }], 'the extra step sees the DID and the dataspaces');
  t.equal((await api('PATCH', '/member', { settings: { dataspaces: ['local', 'catena'] } })).body.state, 'PROVISIONING', 'joining a dataspace re-provisions');
  const again = await waitForTenant('member', ['ACTIVE', 'FAILED']);
  t.match(again.orchestration, { name: 'reprovision-tenant', steps: [{ id: 'credentials' }, { id: 'infrastructure', state: 'COMPLETED' }, { id: 'data-planes', state: 'COMPLETED' }, { id: 'extra-1', state: 'COMPLETED' }] });
  t.same(runs[1], { orchestration: 'reprovision-tenant', dataspaces: ['local', 'catena'], did: undefined }, 'and runs the extra step again for them');
});

t.test('start-up fails naming the setting when no plugin contributes the provisioner', async (t) => {
  const dir = await createTempDir(t, 'tdss-sqlite-');
  await t.rejects(
    startTenantRuntime(t, { dialect: 'sqlite', file: join(dir, 'test.sqlite') }, { tenantManager: { provisioner: 'kubernetes' } }),
    { message: /setting provisioner names "kubernetes", but no plugin of the profile contributes a provisioner of that name \(contributed: local\)/ },
  );
});


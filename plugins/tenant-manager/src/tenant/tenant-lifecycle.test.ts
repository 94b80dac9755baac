import { ParticipantContexts } from '@tdss/control-plane';
import { KeyService } from '@tdss/identity-hub';
import { Database, SecretStore } from '@tdss/sdk';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { failingActivityPlugin, startTenantRuntime } from '../test-support/tenant-runtime.ts';

await forEachDialect(t, 'a tenant from creation to termination', async (t, _dialect, database) => {
  const { runtime, server, api, waitForTenant } = await startTenantRuntime(t, database);

  const created = await api('POST', '', { id: 'acme', name: 'ACME Corp', settings: { region: 'eu' } });
  t.equal(created.status, 201);
  t.equal(created.headers.get('location'), '/management/v1/tenants/acme');
  t.match(created.body, { id: 'acme', name: 'ACME Corp', state: 'PROVISIONING', settings: { region: 'eu' }, orchestrationId: 'provision:acme' });

  const active = await waitForTenant('acme', ['ACTIVE', 'FAILED']);
  t.equal(active.state, 'ACTIVE', 'ACTIVE once the provisioning workflow completes');
  t.match(active.did, /^did:web:127\.0\.0\.1%3A\d+:identity:acme$/, 'the did:web the identity step made');
  t.match(active.orchestration, {
    name: 'provision-tenant',
    state: 'COMPLETED',
    steps: [
      { id: 'identity', activity: 'tenant.create-identity', state: 'COMPLETED', attempts: 1, error: null },
      { id: 'context', activity: 'tenant.create-participant-context', state: 'COMPLETED' },
      { id: 'secret', activity: 'tenant.store-secret', state: 'COMPLETED' },
    ],
  });
  const context = await runtime.get(ParticipantContexts).get('acme');
  t.equal(context.participantId, active.did, 'the participant context is the DID\'s');
  t.equal(context.state, 'ACTIVATED');
  t.same(await runtime.get(SecretStore).list('acme', 'tenant-manager/'), ['tenant-manager/api-key'], 'the tenant secret is stored');
  t.equal((await runtime.get(KeyService).list('acme')).items.filter((k) => k.state === 'ACTIVATED').length, 1, 'one active key pair');
  t.notMatch(JSON.stringify(active), /api-key"|privateKey|"d":/, 'no secret in the answer');

  const version = `${server.url('protocol')}/acme/.well-known/dspace-version`;
  t.equal((await fetch(version)).status, 200, 'the DSP endpoints of an active tenant answer');
  t.match((await api('POST', '/acme/suspend')).body, { state: 'SUSPENDED' });
  t.equal((await runtime.get(ParticipantContexts).get('acme')).state, 'DEACTIVATED');
  t.equal((await fetch(version)).status, 404, 'a suspended tenant\'s DSP endpoints answer 404');
  t.match((await api('POST', '/acme/suspend')).body, { state: 'SUSPENDED' }, 'suspending again changes nothing');
  t.match((await api('POST', '/acme/resume')).body, { state: 'ACTIVE' });
  t.equal((await fetch(version)).status, 200, 'resumed: the DSP endpoints answer again');
  t.equal((await api('POST', '/acme/resume')).status, 200, 'resuming an active tenant changes nothing');

  const patched = await api('PATCH', '/acme', { settings: { region: 'us' } });
  t.match(patched.body, { name: 'ACME Corp', settings: { region: 'us' } });

  const deleting = await api('DELETE', '/acme');
  t.equal(deleting.status, 202);
  t.match(deleting.body, { state: 'TERMINATING', orchestrationId: /^terminate:acme:/ });
  const terminated = await waitForTenant('acme', ['TERMINATED', 'FAILED']);
  t.equal(terminated.state, 'TERMINATED');
  t.match(terminated.orchestration, { name: 'terminate-tenant', state: 'COMPLETED', steps: [{ id: 'context', state: 'COMPLETED' }, { id: 'keys', state: 'COMPLETED' }, { id: 'secrets', state: 'COMPLETED' }] });
  const rows = await runtime.get(Database).kysely().selectFrom('cp_participant_context').select('id').where('id', '=', 'acme').execute();
  t.same(rows, [], 'nothing of it is left in the participant contexts');
  t.same(await runtime.get(SecretStore).list('acme'), [], 'nor in the secret store');
  t.same((await runtime.get(KeyService).list('acme')).items.map((k) => k.state), ['REVOKED'], 'its key pair is revoked');
  t.equal((await api('DELETE', '/acme')).status, 202, 'deleting again changes nothing');
  t.equal((await api('GET', '/acme')).body.state, 'TERMINATED');
  t.equal((await api('POST', '/acme/resume')).status, 409, 'a terminated tenant cannot be resumed');
  t.equal((await api('PATCH', '/acme', { name: 'x' })).status, 409, 'nor changed');
});

await forEachDialect(t, 'a provisioning step failing for good leaves the tenant FAILED, earlier steps undone', async (t, _dialect, database) => {
  const { runtime, api, waitForTenant } = await startTenantRuntime(t, database, {
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
      { id: 'secret', state: 'COMPENSATED' },
      { id: 'extra-1', state: 'FAILED', error: 'the data plane refused the tenant' },
    ],
  });
  t.equal(failed.did, null);
  const rows = await runtime.get(Database).kysely().selectFrom('cp_participant_context').select('id').execute();
  t.same(rows, [], 'the participant context is gone');
  t.same(await runtime.get(SecretStore).list('doomed', 'tenant-manager/'), [], 'the tenant secret is gone');
  t.same((await runtime.get(KeyService).list('doomed')).items.map((k) => k.state), ['REVOKED'], 'the key pair is revoked');
  t.equal((await api('POST', '/doomed/suspend')).status, 409, 'a failed tenant cannot be suspended');
  t.equal((await api('DELETE', '/doomed')).status, 202, 'but it can be terminated');
  t.equal((await waitForTenant('doomed', ['TERMINATED', 'FAILED'])).state, 'TERMINATED');
});

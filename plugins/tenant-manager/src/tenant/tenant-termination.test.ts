/**
 * A tenant that did business with a tenant of another runtime: assets, policies and contract
 * definitions of its own, a catalog request, a FINALIZED negotiation, a running PULL transfer,
 * a PULL transfer it provides through @tdss/dataplane-http (a data flow in `dps_data_flow`),
 * credentials and a credential offer. Its suspension suspends the transfer on both sides and its
 * resumption resumes it; its termination terminates the transfer at the counterparty and, with a
 * retention of 0, leaves nothing of it in any table of the database nor in the secret store.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ContractNegotiations, TransferProcesses } from '@tdss/control-plane';
import dataplaneHttp from '@tdss/dataplane-http';
import { CredentialOffers, CredentialStore, KeyService, parseCredential } from '@tdss/identity-hub';
import { Database, SecretStore } from '@tdss/sdk';
import { createTempDir, forEachDialect } from '@tdss/testing';
import t from 'tap';
import { PULL, pullDataPlanePlugin } from '../test-support/pull-data-plane.ts';
import { eventually } from '../test-support/eventually.ts';
import { negotiateAgreement } from '../test-support/negotiate-agreement.ts';
import { createOpenOffer } from '../test-support/open-offer.ts';
import { startTenantRuntime, type TenantRuntime } from '../test-support/tenant-runtime.ts';

/** Every row of every table of the database, each as JSON text, with its table. */
async function everyRow(db: Database): Promise<Array<{ table: string; row: string }>> {
  const kysely = db.kysely();
  const tables = await kysely.introspection.getTables();
  const rows: Array<{ table: string; row: string }> = [];
  for (const { name } of tables) {
    for (const row of await kysely.selectFrom(name).selectAll().execute()) rows.push({ table: name, row: JSON.stringify(row) });
  }
  return rows;
}

await forEachDialect(t, 'a tenant with a counterparty: suspended, resumed, terminated without a trace', async (t, _dialect, database) => {
  const dataDir = await createTempDir(t, 'tdss-tenant-');
  // The tenant provides through the HTTP data plane, whose flows are rows of the runtime database.
  const home = await startTenantRuntime(t, database, { dataDir, tenantManager: { terminatedRetentionSeconds: 0 }, plugins: [dataplaneHttp] });
  const awayDir = await createTempDir(t, 'tdss-away-');
  const away = await startTenantRuntime(t, { dialect: 'sqlite', file: join(awayDir, 'away.sqlite') }, { dataDir: awayDir, plugins: [pullDataPlanePlugin()] });

  const id = `acme-${randomBytes(4).toString('hex')}`;
  t.equal((await home.api('POST', '', { id, name: 'ACME' })).status, 201);
  t.equal((await away.api('POST', '', { id: 'provider', name: 'Provider' })).status, 201);
  const { did } = await home.waitForTenant(id, ['ACTIVE']);
  const { did: providerDid } = await away.waitForTenant('provider', ['ACTIVE']);
  t.match(did, new RegExp(`:identity:${id}$`));

  await createOpenOffer(t, home, id, { id: 'own-data', baseUrl: `https://${id}.example/own-data`, contractDefinitionId: 'cd-own-data' });
  await createOpenOffer(t, away, 'provider', { id: 'weather', baseUrl: 'https://provider.example/weather', contractDefinitionId: 'cd-weather' });
  const counterpartyAddress = `${away.server.url('protocol')}/provider/2025-1`;
  const agreementId = await negotiateAgreement(t, home, id, { address: counterpartyAddress, id: providerDid }, 'the tenant reads the provider\'s catalog over DSP, authenticated with DCP');
  const transfers = home.runtime.get(TransferProcesses);
  const transfer = await transfers.request(id, { counterpartyAddress, agreementId, transferType: PULL });
  const transferIn = (runtime: TenantRuntime, participant: string, state: string, role = runtime === home ? 'CONSUMER' : 'PROVIDER') =>
    eventually(`the transfer of ${participant} (${role}) to be ${state}`, async () => {
      const found = (await runtime.runtime.get(TransferProcesses).list(participant, { offset: 0, limit: 10, filters: {} })).items.filter((process) => process.role === role);
      return found.length === 1 && found[0]!.state === state ? found[0] : undefined;
    });
  await transferIn(home, id, 'STARTED');
  await transferIn(away, 'provider', 'STARTED');

  const keys = home.runtime.get(KeyService);
  const claims = { iss: did, sub: did, vc: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiableCredential', 'MembershipCredential'], issuer: did, credentialSubject: { id: did } } };
  await home.runtime.get(CredentialStore).store(id, parseCredential(await keys.sign(id, JSON.stringify(claims), { typ: 'JWT' })));
  await home.runtime.get(CredentialOffers).record(id, { issuer: did, credentials: [{ id: 'membership', type: 'CredentialObject' }] });
  t.equal((await home.runtime.get(CredentialStore).list(id)).total, 1, 'the tenant holds a credential');

  t.equal((await home.api('POST', `/${id}/suspend`)).status, 202);
  const suspended = await home.waitForTenant(id, ['SUSPENDED', 'ACTIVE']);
  t.equal(suspended.state, 'SUSPENDED');
  t.same(suspended.orchestration.steps.find((step: { id: string }) => step.id === 'transfers').output, { suspended: [transfer.id] }, 'the suspension records the transfer it suspended');
  await transferIn(home, id, 'SUSPENDED');
  await transferIn(away, 'provider', 'SUSPENDED');
  t.pass('the counterparty got the TransferSuspensionMessage');

  t.equal((await home.api('POST', `/${id}/resume`)).status, 202);
  t.equal((await home.waitForTenant(id, ['ACTIVE', 'SUSPENDED'])).state, 'ACTIVE');
  await transferIn(home, id, 'STARTED');
  await transferIn(away, 'provider', 'STARTED');
  t.pass('the resumption resumed it on both sides');

  // The counterparty pulls the tenant's own data: the tenant's data plane holds a flow for it.
  const homeAddress = `${home.server.url('protocol')}/${id}/2025-1`;
  const ownAgreementId = await negotiateAgreement(t, away, 'provider', { address: homeAddress, id: did });
  await away.runtime.get(TransferProcesses).request('provider', { counterpartyAddress: homeAddress, agreementId: ownAgreementId, transferType: PULL });
  await transferIn(home, id, 'STARTED', 'PROVIDER');
  await transferIn(away, 'provider', 'STARTED', 'CONSUMER');

  const tracesOf = async () =>
    (await everyRow(home.runtime.get(Database))).filter(({ row }) => row.includes(id) || row.includes(did) || row.includes(encodeURIComponent(did)));
  const tablesBefore = new Set((await tracesOf()).map(({ table }) => table));
  for (const table of ['tm_tenants', 'wf_orchestrations', 'wf_steps', 'cp_participant_context', 'cp_asset', 'cp_policy_definition', 'cp_contract_definition', 'cp_contract_negotiation', 'cp_contract_agreement', 'cp_transfer_process', 'identity_hub_dids', 'identity_hub_key_pairs', 'identity_hub_credentials', 'identity_hub_credential_offers', 'tdss_secrets', 'dps_data_flow']) {
    t.ok(tablesBefore.has(table), `before the termination the scan finds the tenant in ${table}`);
  }

  t.equal((await home.api('DELETE', `/${id}`)).status, 202);
  await eventually('the terminated tenant to be forgotten', async () => ((await home.api('GET', `/${id}`)).status === 404 ? true : undefined));
  await transferIn(away, 'provider', 'TERMINATED');
  await transferIn(away, 'provider', 'TERMINATED', 'CONSUMER');
  t.pass('the counterparty got the TransferTerminationMessage of both transfers');

  t.same(await tracesOf(), [], 'no row of any table holds the tenant id or its DID');
  t.same(await home.runtime.get(SecretStore).list(id), [], 'nor does the secret store');
  t.notOk(existsSync(join(dataDir, 'tenants', id)), 'nor the data folder');
  t.equal((await fetch(`${home.server.url('identity')}/${id}/did.json`)).status, 404, 'its did:web is gone');
  t.equal(
    (await away.runtime.get(ContractNegotiations).list('provider', { offset: 0, limit: 10, filters: {} })).items[0]?.state,
    'FINALIZED',
    'the counterparty keeps its own record of the negotiation',
  );
});

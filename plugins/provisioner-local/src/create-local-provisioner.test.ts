import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProblemError } from '@tdss/sdk';
import { createTempDir } from '@tdss/testing';
import t from 'tap';
import { createLocalProvisioner, QUOTA_FILE, SUSPENDED_FILE } from './create-local-provisioner.ts';

const request = (settings: Record<string, unknown> = {}) => ({ tenantId: 'acme', name: 'ACME', did: 'did:web:example.com:acme', settings });

t.test('provision twice makes one folder with its quota marker; a changed quota is brought in line', async (t) => {
  const root = await createTempDir(t, 'tdss-local-');
  const provisioner = createLocalProvisioner({ root, defaultQuotaMegabytes: 3 });
  const first = await provisioner.provision(request());
  t.same(await provisioner.provision(request()), first, 'the second run reports the same infrastructure');
  t.same(first, {
    resources: [
      { kind: 'Folder', name: 'acme', location: join(root, 'acme') },
      { kind: 'QuotaMarker', name: QUOTA_FILE, location: join(root, 'acme') },
    ],
    dataPlanes: [],
  }, 'no dedicated data planes: tenants use the runtime\'s shared ones');
  t.same(readdirSync(root), ['acme']);
  t.same(readdirSync(join(root, 'acme')), [QUOTA_FILE], 'no temporary file left behind');
  t.same(JSON.parse(readFileSync(join(root, 'acme', QUOTA_FILE), 'utf8')), { tenantId: 'acme', quotaBytes: 3 * 1024 * 1024 }, 'the default quota');
  await provisioner.provision(request({ infrastructure: { quotaMegabytes: 8 } }));
  t.equal(JSON.parse(readFileSync(join(root, 'acme', QUOTA_FILE), 'utf8')).quotaBytes, 8 * 1024 * 1024, 'the tenant\'s own quota');
});

t.test('a bad infrastructure setting is a 400 naming the field', async (t) => {
  const provisioner = createLocalProvisioner({ root: await createTempDir(t, 'tdss-local-'), defaultQuotaMegabytes: 3 });
  const error = await provisioner.provision(request({ infrastructure: { quotaMegabytes: 0, replicas: 2 } })).catch((e: unknown) => e);
  t.ok(error instanceof ProblemError && error.status === 400);
  t.match((error as ProblemError).message, /settings\.infrastructure\.quotaMegabytes: must be >= 1/);
  t.match((error as ProblemError).message, /settings\.infrastructure\.replicas: unknown field/);
});

t.test('suspend, resume and deprovision, each twice', async (t) => {
  const root = await createTempDir(t, 'tdss-local-');
  const provisioner = createLocalProvisioner({ root, defaultQuotaMegabytes: 3 });
  await provisioner.provision(request());
  await provisioner.suspend(request());
  await provisioner.suspend(request());
  t.ok(existsSync(join(root, 'acme', SUSPENDED_FILE)), 'suspended: the marker is there');
  await provisioner.resume(request());
  await provisioner.resume(request());
  t.notOk(existsSync(join(root, 'acme', SUSPENDED_FILE)), 'resumed: the marker is gone');
  t.ok(existsSync(join(root, 'acme', QUOTA_FILE)), 'the quota marker stays');
  await provisioner.deprovision(request());
  await provisioner.deprovision(request());
  t.same(readdirSync(root), [], 'deprovisioned: nothing of the tenant is left');
});

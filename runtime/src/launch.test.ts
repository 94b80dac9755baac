import { ProfileError } from '@tdss/kernel';
import { definePlugin, HttpRoutes, Type } from '@tdss/sdk';
import { createTempDir } from '@tdss/testing';
import Router from '@koa/router';
import http from '@tdss/http';
import t from 'tap';
import { launch } from './launch.ts';

const echo = definePlugin({
  name: 'echo',
  version: '1.0.0',
  settings: Type.Object({ word: Type.String({ default: 'hi', description: 'What to say.' }) }),
  contributes: [HttpRoutes],
  register(ctx) {
    const router = new Router();
    router.get('/echo', (c) => (c.body = { word: ctx.settings.word }));
    ctx.contribute(HttpRoutes, { context: 'management', router });
  },
});

t.test('launch builds a runtime from an inline profile, with settings overrides merged', async (t) => {
  const dataDir = await createTempDir(t, 'tdss-launch-');
  const tdss = await launch(
    { runtime: { dataDir, logLevel: 'silent' }, plugins: [{ plugin: http, settings: { port: 0 } }, { plugin: echo, settings: { word: 'profile' } }] },
    { settings: { echo: { word: 'override' } }, runtime: { name: 'inline' } },
  );
  t.equal(tdss.runtime.state, 'created', 'launch does not start');
  t.equal(tdss.runtime.info.name, 'inline');
  await tdss.start();
  t.teardown(() => tdss.stop());
  await tdss.ready;
  t.same(await (await fetch(`${tdss.url('management')}/echo`)).json(), { word: 'override' });
  await tdss.stop();
  t.equal(tdss.runtime.state, 'stopped');
});

t.test('launch rejects a bad profile with every problem listed', async (t) => {
  const error = await launch({ runtime: { logLevel: 'loud' }, plugins: [{ plugin: echo, settings: { wrod: 1 } }] }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.type(error, ProfileError);
  t.equal((error as ProfileError).issues.length, 2);
  t.match((error as ProfileError).message, 'did you mean "word"');
});

t.test('launch resolves built-in profile names', async (t) => {
  const dataDir = await createTempDir(t, 'tdss-launch-');
  const tdss = await launch('all-in-one', { runtime: { dataDir }, env: { TDSS_PORT: '0' } });
  t.same(
    tdss.runtime.plugins.map((p) => p.plugin.name).sort(),
    ['@tdss/control-plane', '@tdss/http', '@tdss/identity-hub', '@tdss/kernel', '@tdss/management-auth', '@tdss/policy-engine', '@tdss/provisioner-local', '@tdss/secrets-local', '@tdss/store-sql', '@tdss/tenant-manager', '@tdss/workflow'],
  );
});

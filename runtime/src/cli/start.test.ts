import { freePort, spawnCli, waitForStatus } from '@tdss/testing';
import t from 'tap';

t.test('tdss start serves the all-in-one profile with no external service and stops on SIGTERM', async (t) => {
  const port = await freePort();
  const token = 'start-test-operator-token';
  const cli = await spawnCli(['start'], { TDSS_PORT: String(port), TDSS_ADMIN_TOKEN: token });
  t.teardown(() => cli.cleanup());
  await waitForStatus(`http://127.0.0.1:${port}/health/ready`, { alive: () => cli.child.exitCode === null });

  const live = await fetch(`http://127.0.0.1:${port}/health/live`);
  t.equal(live.status, 200);
  const anonymous = await fetch(`http://127.0.0.1:${port}/management/v1/participants`);
  t.equal(anonymous.status, 401, 'the management API wants the operator token');
  const missing = await fetch(`http://127.0.0.1:${port}/management/no-such-thing`, { headers: { authorization: `Bearer ${token}` } });
  t.equal(missing.status, 404);
  t.equal(missing.headers.get('content-type'), 'application/problem+json');

  cli.child.kill('SIGTERM');
  t.equal(await cli.exited, 0);
  const lines = cli.stdout().trim().split('\n').map((line) => JSON.parse(line) as { msg: string });
  t.ok(lines.some((l) => l.msg.startsWith('TDSS tdss is ready')), 'logs that it is ready');
  t.ok(lines.some((l) => l.msg === 'runtime stopped'), 'logs that it stopped');
});

t.test('tdss start exits 1 naming the plugin when start-up fails', async (t) => {
  const port = await freePort();
  const cli = await spawnCli(['start', '--profile', 'postgres'], {
    TDSS_PORT: String(await freePort()),
    TDSS_DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/nothing`,
    TDSS_TRUSTED_ISSUER_DID: 'did:web:issuer.example',
  });
  t.teardown(() => cli.cleanup());
  t.equal(await cli.exited, 1);
  t.match(cli.stderr(), 'plugin @tdss/store-sql failed to start');
});

t.test('tdss start exits 1 with every problem of a bad profile', async (t) => {
  const cli = await spawnCli(['start', '--profile', 'postgres'], { TDSS_DATABASE_URL: '' });
  t.teardown(() => cli.cleanup());
  t.equal(await cli.exited, 1);
  t.match(cli.stderr(), 'environment variable TDSS_DATABASE_URL is not set');
});

import { definePlugin, runInRequestScope, setRequestTenant } from '@tdss/sdk';
import t from 'tap';
import { createRuntime } from '../runtime/runtime.ts';
import { createLogger } from './create-logger.ts';

function capture() {
  const raw: string[] = [];
  return { raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, any>), destination: { write: (line: string) => void raw.push(line) } };
}

t.test('a plugin logs JSON lines that carry its name, the runtime, level and time', async (t) => {
  const { raw, lines, destination } = capture();
  const runtime = createRuntime({
    runtime: { name: 'log-test' },
    plugins: [{ plugin: definePlugin({ name: '@acme/chatty', version: '1.0.0', start: (ctx) => ctx.logger.info({ items: 3 }, 'hello') }) }],
    logDestination: destination,
  });
  await runtime.start();
  await runtime.stop();
  for (const line of raw) t.doesNotThrow(() => JSON.parse(line), 'every line is JSON');
  const hello = lines().find((l) => l.msg === 'hello');
  t.match(hello, { level: 'info', runtime: 'log-test', plugin: '@acme/chatty', items: 3 });
  t.ok(!Number.isNaN(Date.parse(hello!.time)), 'an ISO time');
});

t.test('the log level from the runtime settings filters lines', async (t) => {
  const { lines, destination } = capture();
  const runtime = createRuntime({
    runtime: { logLevel: 'warn' },
    plugins: [
      {
        plugin: definePlugin({
          name: 'p',
          version: '1.0.0',
          start(ctx) {
            ctx.logger.info('quiet');
            ctx.logger.warn('loud');
          },
        }),
      },
    ],
    logDestination: destination,
  });
  await runtime.start();
  await runtime.stop();
  t.same(lines().map((l) => l.msg), ['loud']);
});

t.test('a line logged in a request scope carries the request id, and the tenant once known', async (t) => {
  const { lines, destination } = capture();
  const logger = createLogger({ runtime: 'r', level: 'info', destination });
  logger.info('outside');
  await runInRequestScope({ requestId: 'req-1' }, async () => {
    logger.info('routing');
    await new Promise((resolve) => setImmediate(resolve));
    setRequestTenant('tenant-a');
    logger.child({ plugin: 'p' }).info('for tenant');
  });
  runInRequestScope({ requestId: 'req-2', tenantId: 'tenant-b' }, () => logger.info('other'));
  const [outside, routing, forTenant, other] = lines();
  t.notOk('reqId' in outside! || 'tenantId' in outside!);
  t.match(routing, { msg: 'routing', reqId: 'req-1' });
  t.notOk('tenantId' in routing!);
  t.match(forTenant, { msg: 'for tenant', reqId: 'req-1', tenantId: 'tenant-a', plugin: 'p' });
  t.match(other, { reqId: 'req-2', tenantId: 'tenant-b' });
});

t.test('secret-looking fields are redacted, at the top, one level down, and in request headers', async (t) => {
  const { raw, lines, destination } = capture();
  const logger = createLogger({ runtime: 'r', level: 'info', destination });
  logger.info(
    {
      password: 'pw-1',
      token: 'tok-1',
      secret: 'sec-1',
      privateKey: 'key-1',
      authorization: 'Bearer abc-1',
      db: { password: 'pw-2', host: 'db.internal' },
      client: { secret: 'sec-2', token: 'tok-2' },
      req: { headers: { authorization: 'Bearer abc-2', cookie: 'sid=cookie-1', accept: 'application/json' } },
    },
    'with secrets',
  );
  const [line] = lines();
  t.match(line, {
    password: '[redacted]',
    token: '[redacted]',
    secret: '[redacted]',
    privateKey: '[redacted]',
    authorization: '[redacted]',
    db: { password: '[redacted]', host: 'db.internal' },
    client: { secret: '[redacted]', token: '[redacted]' },
    req: { headers: { authorization: '[redacted]', cookie: '[redacted]', accept: 'application/json' } },
  });
  for (const value of ['pw-1', 'pw-2', 'tok-1', 'tok-2', 'sec-1', 'sec-2', 'key-1', 'abc-1', 'abc-2', 'cookie-1']) {
    t.notMatch(raw[0]!, value, `${value} never reaches the line`);
  }
});

t.test('secrets two levels down and under common credential names are redacted too', async (t) => {
  const { raw, lines, destination } = capture();
  const logger = createLogger({ runtime: 'r', level: 'info', destination });
  logger.info({
    settings: { vault: { token: 'deep-1' }, oidc: { clientSecret: 'deep-2' } },
    apiKey: 'key-2',
    session: { accessToken: 'at-1', refreshToken: 'rt-1' },
  });
  t.match(lines()[0], {
    settings: { vault: { token: '[redacted]' }, oidc: { clientSecret: '[redacted]' } },
    apiKey: '[redacted]',
    session: { accessToken: '[redacted]', refreshToken: '[redacted]' },
  });
  for (const value of ['deep-1', 'deep-2', 'key-2', 'at-1', 'rt-1']) t.notMatch(raw[0]!, value, `${value} never reaches the line`);
});

t.test('a child logger redacts too', async (t) => {
  const { raw, destination } = capture();
  createLogger({ runtime: 'r', level: 'info', destination }).child({ plugin: 'p' }).info({ token: 'child-secret' }, 'x');
  t.notMatch(raw[0]!, 'child-secret');
});

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TdssError } from '@tdss/sdk';
import { createLogCapture, createTempDir, forEachDialect, rejectionOf } from '@tdss/testing';
import t, { type Test } from 'tap';
import { keyInEnv, secretRows, startSecrets } from '../fixtures/start-secrets.ts';
import { keyId } from './master-key.ts';

/** A keyEnv name that is surely unset, so the other sources are reached. */
const unsetEnv = () => `TDSS_TEST_UNSET_${randomBytes(4).toString('hex').toUpperCase()}`;

async function keyIdUsed(t: Test, database: Parameters<typeof startSecrets>[1], settings: object): Promise<string> {
  const { runtime, store, db } = await startSecrets(t, database, { settings });
  const probe = `probe-${randomBytes(4).toString('hex')}`;
  await store.put('A', probe, 'v');
  const rows = await secretRows(db);
  await runtime.stop();
  return rows.find((row) => row.key === probe)!.key_id as string;
}

async function writeKeyFile(dir: string, key: Buffer): Promise<string> {
  const file = join(dir, 'master.key');
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  return file;
}

forEachDialect(t, 'a key is generated on first start, mode 0600, logged by path only, and reused', async (t, _dialect, database) => {
  const keyDir = join(await createTempDir(t), 'config', 'tdss');
  const dataDir = await createTempDir(t);
  const settings = { keyEnv: unsetEnv(), keyDir };
  const logs = createLogCapture();
  const first = await startSecrets(t, database, { name: 'edge/one', dataDir, settings, logLevel: 'info', logDestination: logs });
  const file = join(keyDir, 'edge_one-secrets.key');
  t.ok(existsSync(file), 'the key file is named after the runtime');
  t.equal((await stat(file)).mode & 0o777, 0o600);
  const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  t.equal(key.length, 32);

  const warnings = logs.lines.filter((l) => l.level === 'warn');
  t.equal(warnings.length, 1, 'one warning');
  t.match(warnings[0], { plugin: '@tdss/secrets-local', keyFile: file, msg: /generated the secrets master key in .*: back this file up/ });
  t.notMatch(logs.text(), key.toString('base64'));
  t.notMatch(logs.text(), key.toString('hex'));

  await first.store.put('A', 'k', 'survives a restart');
  await first.runtime.stop();
  const again = createLogCapture();
  const second = await startSecrets(t, database, { name: 'edge/one', dataDir, settings, logLevel: 'info', logDestination: again });
  t.equal(await second.store.get('A', 'k'), 'survives a restart', 'the second start reuses the key');
  t.equal((await readFile(file)).toString().trim(), key.toString('base64'), 'the file is unchanged');
  t.same(again.lines.filter((l) => l.level === 'warn'), [], 'and does not warn again');
});

forEachDialect(t, 'the default key folder is $XDG_CONFIG_HOME/tdss, outside the data folder', async (t, _dialect, database) => {
  const xdg = await createTempDir(t);
  const saved = process.env.XDG_CONFIG_HOME;
  process.env.XDG_CONFIG_HOME = xdg;
  t.teardown(() => {
    if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = saved;
  });
  const dataDir = await createTempDir(t);
  await startSecrets(t, database, { name: 'xdg-test', dataDir, settings: { keyEnv: unsetEnv() } });
  t.ok(existsSync(join(xdg, 'tdss', 'xdg-test-secrets.key')));
});

forEachDialect(t, 'keyEnv wins over keyFile, keyFile over a generated key', async (t, _dialect, database) => {
  const dir = await createTempDir(t);
  const { keyEnv, key: envKey } = keyInEnv(t);
  const fileKey = randomBytes(32);
  const keyFile = await writeKeyFile(dir, fileKey);
  const keyDir = join(dir, 'generated');
  t.equal(await keyIdUsed(t, database, { keyEnv, keyFile, keyDir }), keyId(envKey), 'the environment variable when set');
  t.equal(await keyIdUsed(t, database, { keyEnv: unsetEnv(), keyFile, keyDir }), keyId(fileKey), 'else the key file');
  t.notOk(existsSync(keyDir), 'no key is generated while one is supplied');
});

forEachDialect(t, 'a missing key file or a malformed key stops start-up without showing the key', async (t, _dialect, database) => {
  const dir = await createTempDir(t);
  const missing = join(dir, 'nope.key');
  const fileError = await rejectionOf(startSecrets(t, database, { settings: { keyEnv: unsetEnv(), keyFile: missing } }));
  t.match(fileError.message, `plugin @tdss/secrets-local failed to start: [@tdss/secrets-local] key file ${missing} cannot be read`);

  const keyEnv = unsetEnv();
  process.env[keyEnv] = 'c2hvcnQ=';
  t.teardown(() => {
    delete process.env[keyEnv];
  });
  const envError = await rejectionOf(startSecrets(t, database, { settings: { keyEnv } }));
  t.match(envError.message, `environment variable ${keyEnv} does not hold a 32-byte master key in base64`);
  t.notMatch(envError.message, 'c2hvcnQ=');
});

forEachDialect(t, 'data written under another master key fails with the key id it needs and how to supply it', async (t, _dialect, database) => {
  const dataDir = await createTempDir(t);
  const first = keyInEnv(t);
  const writer = await startSecrets(t, database, { dataDir, settings: { keyEnv: first.keyEnv } });
  await writer.store.put('A', 'token', 'v');
  await writer.runtime.stop();

  const second = keyInEnv(t);
  const reader = await startSecrets(t, database, { dataDir, settings: { keyEnv: second.keyEnv } });
  const error = await rejectionOf<TdssError>(reader.store.get('A', 'token'));
  t.ok(error instanceof TdssError);
  t.equal(error.code, 'SECRETS_WRONG_KEY');
  t.match(error.message, `secret "token" of tenant A was encrypted with master key ${keyId(first.key)}, but the configured master key is ${keyId(second.key)}`);
  t.match(error.hint, `start with the master key whose id is ${keyId(first.key)}: put it (base64) in environment variable ${second.keyEnv}`);
  t.match(error.hint, 'setting keyFile');
});

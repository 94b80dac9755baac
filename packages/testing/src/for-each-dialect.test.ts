import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import pg from 'pg';
import t from 'tap';
import { type DialectSettings, forEachDialect } from './for-each-dialect.ts';

t.test('runs the body once per dialect with settings that reach a database of that dialect', async (t) => {
  const seen: Array<{ name: string; dialect: string; settings: DialectSettings }> = [];
  await forEachDialect(t, 'body', async (t, dialect, settings) => {
    seen.push({ name: t.name, dialect, settings });
    t.equal(settings.dialect, dialect);
    if (settings.dialect === 'sqlite') {
      t.ok(existsSync(dirname(settings.file)), 'the folder of the SQLite file exists');
      t.notOk(existsSync(settings.file), 'the SQLite file itself is left to the store');
      await writeFile(settings.file, 'x');
    } else {
      const client = new pg.Client({ connectionString: settings.url });
      await client.connect();
      await client.end();
      t.pass('the PostgreSQL database accepts connections');
    }
  });
  const sqlite = seen.find((s) => s.dialect === 'sqlite');
  t.equal(sqlite?.name, 'body (sqlite)');
  t.notOk(sqlite?.settings.dialect === 'sqlite' && existsSync(dirname(sqlite.settings.file)), 'the temp folder is removed afterwards');
  const postgres = seen.find((s) => s.dialect === 'postgresql');
  if (postgres) t.equal(postgres.name, 'body (postgresql)');
  else t.equal(t.counts.skip, 1, 'the postgresql run was skipped: PostgreSQL is not reachable');
});

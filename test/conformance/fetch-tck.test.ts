import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { checkOkhttp, fetchTck, isPreRelease, kitVersion } from './fetch-tck.ts';
import { kits } from './kits.ts';
import { skipUnlessTools } from './tools-available.ts';

const noMaven = skipUnlessTools('mvn');

async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tdss-fetch-tck-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

t.test('kitVersion reads the version shared by the jars of the kit groups', async (t) => {
  const jars = [
    'org.eclipse.dataspacetck.dsp.dsp-system-1.0.0-RC6.jar',
    'org.eclipse.dataspacetck.dsp.dsp-contract-negotiation-1.0.0-RC6.jar',
    'org.eclipse.dataspacetck.common.core-api-1.3.0.jar',
    'com.squareup.okhttp3.okhttp-jvm-5.3.0.jar',
  ];
  t.equal(kitVersion(kits.dsp, jars), '1.0.0-RC6');
});

t.test('kitVersion refuses a classpath that mixes versions of the kit', async (t) => {
  const jars = ['org.eclipse.dataspacetck.dcp.dcp-system-1.0.1.jar', 'org.eclipse.dataspacetck.dsp.tck-runtime-1.0.0-RC6.jar'];
  t.throws(() => kitVersion(kits.dcp, jars), /dcp kit resolved to mixed versions \(1\.0\.1: .*dcp-system.*; 1\.0\.0-RC6: .*tck-runtime/);
});

t.test('kitVersion refuses a classpath without the kit', async (t) => {
  t.throws(() => kitVersion(kits.dps, ['org.eclipse.dataspacetck.dsp.dsp-system-1.0.0-RC6.jar']), /no jar of org\.eclipse\.dataspacetck\.dps/);
});

t.test('checkOkhttp wants okhttp-jvm at the okhttp version the kit asks for', async (t) => {
  const okhttp = 'com.squareup.okhttp3.okhttp-5.3.0.jar';
  t.doesNotThrow(() => checkOkhttp('dsp', [okhttp, 'com.squareup.okhttp3.okhttp-jvm-5.3.0.jar']));
  t.doesNotThrow(() => checkOkhttp('dsp', ['org.eclipse.dataspacetck.dsp.dsp-system-1.0.0-RC6.jar']));
  t.throws(() => checkOkhttp('dsp', [okhttp]), /okhttp-jvm missing; set okhttp\.version to 5\.3\.0 in test\/conformance\/tck\/dsp\/pom\.xml/);
  t.throws(() => checkOkhttp('dsp', [okhttp, 'com.squareup.okhttp3.okhttp-jvm-5.1.0.jar']), /okhttp-jvm 5\.1\.0; set okhttp\.version to 5\.3\.0/);
});

t.test('isPreRelease tells release candidates and snapshots from releases', async (t) => {
  t.equal(isPreRelease('1.0.0-RC6'), true);
  t.equal(isPreRelease('1.0.1-SNAPSHOT'), true);
  t.equal(isPreRelease('1.0.2'), false);
});

t.test('a Maven failure surfaces Maven diagnosis, not its generic advice', async (t) => {
  const dir = await tempDir(t);
  const fakeMvn = path.join(dir, 'mvn');
  await writeFile(
    fakeMvn,
    [
      '#!/bin/sh',
      "printf '\\033[0m[ERROR] Failed to execute goal on project x: No versions available for org.eclipse.dataspacetck.dps:dps-tck\\n'",
      "printf '[ERROR] \\n[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.\\n'",
      'exit 1',
      '',
    ].join('\n'),
  );
  await chmod(fakeMvn, 0o755);
  const error = await fetchTck('dps', { cacheRoot: dir, mvn: fakeMvn }).catch((e: unknown) => e);
  t.type(error, Error);
  const message = (error as Error).message;
  t.match(message, /^fetch-tck: Maven could not fetch the dps conformance kit/);
  t.match(message, /\[ERROR\] Failed to execute goal on project x: No versions available for org\.eclipse\.dataspacetck\.dps:dps-tck/);
  t.notMatch(message, /re-run Maven/);
  t.same(await readdir(path.join(dir, 'dps')), [], 'the partial download is removed');
});

t.test('fetchTck fetches the newest 1.0.x DSP kit, then serves it from the cache', { skip: noMaven }, async (t) => {
  const cacheRoot = await tempDir(t);
  const noSuchMaven = path.join(cacheRoot, 'no-such-mvn');

  const fetched = await fetchTck('dsp', { cacheRoot });
  t.match(fetched.version, /^1\.0\./);
  t.equal(fetched.fromCache, false);
  t.equal(fetched.classpath, path.join(cacheRoot, 'dsp', 'lib', '*'));
  for (const module of ['dsp-system', 'dsp-metadata', 'dsp-catalog', 'dsp-contract-negotiation', 'dsp-transfer-process', 'tck-runtime']) {
    t.ok(fetched.jars.includes(`org.eclipse.dataspacetck.dsp.${module}-${fetched.version}.jar`), `${module} is on the classpath`);
  }
  t.ok(fetched.jars.some((jar) => jar.startsWith('com.squareup.okhttp3.okhttp-jvm-')), 'okhttp classes are on the classpath');
  t.same((await readdir(fetched.libDir)).sort(), fetched.jars);

  // A Maven that does not exist proves the second call never starts Maven.
  const cached = await fetchTck('dsp', { cacheRoot, mvn: noSuchMaven });
  t.equal(cached.fromCache, true);
  t.equal(cached.version, fetched.version);
  t.same(cached.jars, fetched.jars);

  await rm(path.join(fetched.libDir, fetched.jars[0] as string));
  await t.rejects(fetchTck('dsp', { cacheRoot, mvn: noSuchMaven }), /Maven \(.*no-such-mvn\) is not installed/, 'a missing jar sends the fetch back to Maven');

  const refreshed = await fetchTck('dsp', { cacheRoot, refresh: true });
  t.equal(refreshed.fromCache, false);
  t.same(refreshed.jars, fetched.jars);
});

// Fetches a conformance kit's jars from Maven Central into test/conformance/.cache/<kit>/lib.
//
//   node test/conformance/fetch-tck.ts <dsp|dcp|dps> [--refresh]
//
// Maven resolves tck/<kit>/pom.xml (the newest 1.0.x of the kit) and copies the whole runtime
// classpath. A stamp file (kit.json) records what was fetched, so a later call whose jars are
// all still there returns at once without starting Maven; --refresh resolves again.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { isKitName, kits } from './kits.ts';
import type { Kit, KitName } from './kits.ts';

const run = promisify(execFile);

export const defaultCacheRoot = path.join(import.meta.dirname, '.cache');

export interface FetchOptions {
  /** Folder holding one sub-folder per kit; default test/conformance/.cache. */
  readonly cacheRoot?: string;
  /** Resolve with Maven even when the cache is complete. */
  readonly refresh?: boolean;
  /** Maven command; default `mvn` from PATH. */
  readonly mvn?: string;
}

export interface FetchedKit {
  readonly kit: KitName;
  readonly version: string;
  /** True for alpha, beta, milestone, release-candidate and snapshot versions. */
  readonly preRelease: boolean;
  readonly libDir: string;
  /** For `java -cp`: every jar in libDir. */
  readonly classpath: string;
  readonly jars: readonly string[];
  readonly fromCache: boolean;
}

interface Stamp {
  readonly kit: KitName;
  readonly version: string;
  readonly jars: readonly string[];
}

export async function fetchTck(name: KitName, options: FetchOptions = {}): Promise<FetchedKit> {
  const kitDir = path.join(options.cacheRoot ?? defaultCacheRoot, name);
  const libDir = path.join(kitDir, 'lib');
  const stampFile = path.join(kitDir, 'kit.json');

  if (!options.refresh) {
    const stamp = await readStamp(stampFile, name, libDir);
    if (stamp) return describe(stamp, libDir, true);
  }

  await mkdir(kitDir, { recursive: true });
  // Maven copies into a fresh folder that replaces lib only once it is complete, so an
  // interrupted fetch never leaves a half-filled lib behind a valid stamp.
  const partialDir = await mkdtemp(path.join(kitDir, 'lib.partial-'));
  try {
    await resolveWithMaven(options.mvn ?? 'mvn', name, partialDir);
    const jars = (await readdir(partialDir)).filter((file) => file.endsWith('.jar')).sort();
    const stamp: Stamp = { kit: name, version: kitVersion(kits[name], jars), jars };
    checkOkhttp(name, jars);
    await rm(stampFile, { force: true });
    await rm(libDir, { recursive: true, force: true });
    await rename(partialDir, libDir);
    await writeFile(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
    return describe(stamp, libDir, false);
  } finally {
    await rm(partialDir, { recursive: true, force: true });
  }
}

/**
 * The one version that every jar of the kit's Maven groups carries. Jar names are
 * `<groupId>.<artifactId>-<version>.jar` (the poms set prependGroupId).
 */
export function kitVersion(kit: Kit, jars: readonly string[]): string {
  const found = new Map<string, string[]>();
  for (const jar of jars) {
    const version = kit.groups.map((group) => jarVersion(jar, group)).find((v) => v !== undefined);
    if (version !== undefined) found.set(version, [...(found.get(version) ?? []), jar]);
  }
  const versions = [...found.keys()];
  if (versions.length === 0) {
    throw new Error(
      `fetch-tck: no jar of ${kit.groups.join(' or ')} was fetched for the ${kit.name} kit; ` +
        `check the dependencies in test/conformance/tck/${kit.name}/pom.xml`,
    );
  }
  if (versions.length > 1) {
    const listing = [...found].map(([version, files]) => `${version}: ${files.join(', ')}`).join('; ');
    throw new Error(
      `fetch-tck: the ${kit.name} kit resolved to mixed versions (${listing}); ` +
        `pin one with -Dtck.version in test/conformance/tck/${kit.name}/pom.xml`,
    );
  }
  return versions[0] as string;
}

/**
 * okhttp 5 keeps its classes in okhttp-jvm, which Maven does not pull in by itself; the poms
 * add it by hand, so its version has to follow the okhttp version the kit asks for.
 */
export function checkOkhttp(name: KitName, jars: readonly string[]): void {
  const group = 'com.squareup.okhttp3';
  const wanted = jars.map((jar) => jarVersion(jar, group, 'okhttp')).find((v) => v !== undefined);
  if (wanted === undefined) return;
  const present = jars.map((jar) => jarVersion(jar, group, 'okhttp-jvm')).find((v) => v !== undefined);
  if (present !== wanted) {
    throw new Error(
      `fetch-tck: the ${name} kit needs okhttp ${wanted} but the classpath has okhttp-jvm ${present ?? 'missing'}; ` +
        `set okhttp.version to ${wanted} in test/conformance/tck/${name}/pom.xml`,
    );
  }
}

export function isPreRelease(version: string): boolean {
  return /-(alpha|beta|m\d|milestone|rc|cr|snapshot)/i.test(version);
}

function jarVersion(jar: string, group: string, artifact?: string): string | undefined {
  const prefix = `${group}.`;
  if (!jar.startsWith(prefix) || !jar.endsWith('.jar')) return undefined;
  const rest = jar.slice(prefix.length, -'.jar'.length);
  const match = /^(.+?)-(\d.*)$/.exec(rest);
  if (!match || (artifact !== undefined && match[1] !== artifact)) return undefined;
  return match[2];
}

async function resolveWithMaven(mvn: string, name: KitName, outputDir: string): Promise<void> {
  const pom = path.join(import.meta.dirname, 'tck', name, 'pom.xml');
  const args = ['-B', '-q', '--no-transfer-progress', '-f', pom, `-Dtck.lib=${outputDir}`, 'dependency:copy-dependencies'];
  try {
    await run(mvn, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    if (isMissingCommand(error)) {
      throw new Error(`fetch-tck: Maven (${mvn}) is not installed; install it (apt-get install maven) and run again`, {
        cause: error,
      });
    }
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    const reasons = firstErrorBlock(`${stdout}\n${stderr}`).join('\n  ');
    throw new Error(
      `fetch-tck: Maven could not fetch the ${name} conformance kit from ${path.relative(process.cwd(), pom)}:\n  ` +
        `${reasons || String(error)}\n` +
        `The Maven registry this machine reaches must serve ${kits[name].groups.join(' and ')}; ` +
        'test/conformance/README.md says which versions were found served.',
      { cause: error },
    );
  }
}

/** Maven's own diagnosis: the [ERROR] lines before its generic "re-run with -e" advice. */
function firstErrorBlock(output: string): string[] {
  // Maven prefixes lines with colour resets even in batch mode.
  const lines = output.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
  const start = lines.findIndex((line) => line.startsWith('[ERROR] '));
  if (start < 0) return [];
  const end = lines.findIndex((line, index) => index > start && (!line.startsWith('[ERROR] ') || line.trim() === '[ERROR]'));
  return lines.slice(start, end < 0 ? undefined : end);
}

function isMissingCommand(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

async function readStamp(file: string, name: KitName, libDir: string): Promise<Stamp | undefined> {
  let stamp: unknown;
  try {
    stamp = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (!isStamp(stamp) || stamp.kit !== name) return undefined;
  const present = new Set(await readdir(libDir).catch(() => []));
  return stamp.jars.every((jar) => present.has(jar)) ? stamp : undefined;
}

function isStamp(value: unknown): value is Stamp {
  if (typeof value !== 'object' || value === null) return false;
  const { kit, version, jars } = value as Record<string, unknown>;
  return (
    typeof kit === 'string' &&
    typeof version === 'string' &&
    Array.isArray(jars) &&
    jars.length > 0 &&
    jars.every((jar) => typeof jar === 'string')
  );
}

function describe(stamp: Stamp, libDir: string, fromCache: boolean): FetchedKit {
  return {
    kit: stamp.kit,
    version: stamp.version,
    preRelease: isPreRelease(stamp.version),
    libDir,
    classpath: path.join(libDir, '*'),
    jars: stamp.jars,
    fromCache,
  };
}

if (import.meta.main) {
  const [name, ...flags] = process.argv.slice(2);
  if (name === undefined || !isKitName(name) || flags.some((flag) => flag !== '--refresh')) {
    console.error('usage: node test/conformance/fetch-tck.ts <dsp|dcp|dps> [--refresh]');
    process.exit(2);
  }
  try {
    const fetched = await fetchTck(name, { refresh: flags.includes('--refresh') });
    console.log(
      `fetch-tck: ${fetched.kit} kit ${fetched.version}${fetched.preRelease ? ' (pre-release)' : ''}, ` +
        `${fetched.jars.length} jars in ${path.relative(process.cwd(), fetched.libDir)}` +
        `${fetched.fromCache ? ' (cached)' : ''}`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

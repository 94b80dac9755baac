// Fetches the Apache Kafka broker's jars (org.apache.kafka:kafka_2.13 and its runtime classpath)
// from Maven Central into test/support/kafka/.cache/lib, once: a stamp file lists the jars, so a
// later call whose jars are all still there returns without starting Maven.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const defaultCacheDir = path.join(import.meta.dirname, '.cache');
const pom = path.join(import.meta.dirname, 'pom.xml');

export interface KafkaJars {
  readonly version: string;
  /** For `java -cp`. */
  readonly classpath: string;
}

export async function fetchKafka(cacheDir = defaultCacheDir): Promise<KafkaJars> {
  const libDir = path.join(cacheDir, 'lib');
  const stampFile = path.join(cacheDir, 'kafka.json');
  const stamp = await readStamp(stampFile, libDir);
  if (stamp) return stamp;

  await mkdir(cacheDir, { recursive: true });
  // Maven copies into a fresh folder that replaces lib only once complete, so an interrupted
  // fetch never leaves a half-filled lib behind a valid stamp.
  const partialDir = await mkdtemp(path.join(cacheDir, 'lib.partial-'));
  try {
    try {
      await run('mvn', ['-B', '-q', '--no-transfer-progress', '-f', pom, `-Dkafka.lib=${partialDir}`, 'dependency:copy-dependencies'], { maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      const detail = `${stdout}\n${stderr}`.split('\n').filter((line) => line.includes('[ERROR]')).slice(0, 5).join('\n  ');
      throw new Error(`kafka: Maven could not fetch org.apache.kafka:kafka_2.13 with ${path.relative(process.cwd(), pom)}:\n  ${detail || String(error)}`, { cause: error });
    }
    const jars = (await readdir(partialDir)).filter((file) => file.endsWith('.jar')).sort();
    const version = jars.map((jar) => /^kafka_2\.13-(.+)\.jar$/.exec(jar)?.[1]).find((v) => v !== undefined);
    if (!version) throw new Error(`kafka: Maven resolved no kafka_2.13 jar (got ${jars.join(', ')})`);
    await rm(stampFile, { force: true });
    await rm(libDir, { recursive: true, force: true });
    await rename(partialDir, libDir);
    await writeFile(stampFile, `${JSON.stringify({ version, jars }, null, 2)}\n`);
    return { version, classpath: path.join(libDir, '*') };
  } finally {
    await rm(partialDir, { recursive: true, force: true });
  }
}

async function readStamp(file: string, libDir: string): Promise<KafkaJars | undefined> {
  try {
    const { version, jars } = JSON.parse(await readFile(file, 'utf8')) as { version: string; jars: string[] };
    const present = new Set(await readdir(libDir));
    if (typeof version !== 'string' || !Array.isArray(jars) || jars.length === 0 || !jars.every((jar) => present.has(jar))) return undefined;
    return { version, classpath: path.join(libDir, '*') };
  } catch {
    return undefined;
  }
}

/**
 * Where the master key comes from, first match wins: the environment variable named by `keyEnv`,
 * the file named by `keyFile`, or a key generated once into a file outside the data folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { type Logger, TdssError } from '@tdss/sdk';
import type { SecretsLocalSettings } from '../settings.ts';
import { KEY_BYTES, type MasterKey, parseMasterKey } from './master-key.ts';

export interface KeySources {
  settings: SecretsLocalSettings;
  runtimeName: string;
  logger: Logger;
  plugin: string;
}

export async function resolveMasterKey(sources: KeySources): Promise<MasterKey> {
  const { settings, plugin } = sources;
  const fromEnv = process.env[settings.keyEnv];
  if (fromEnv) return parseMasterKey(fromEnv, `environment variable ${settings.keyEnv}`, plugin);
  if (settings.keyFile) return parseMasterKey(await readKeyFile(settings.keyFile, plugin), `key file ${settings.keyFile}`, plugin);
  return generatedKey(sources);
}

async function readKeyFile(file: string, plugin: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new TdssError(`key file ${file} cannot be read: ${(error as Error).message}`, {
      code: 'SECRETS_KEY_FILE',
      plugin,
      cause: error,
      hint: `create it with \`openssl rand -base64 ${KEY_BYTES} > ${file}\` (mode 0600), or remove setting keyFile to have a key generated`,
    });
  }
}

/** The generated key file; created on first start and reused after, never overwritten. */
async function generatedKey({ settings, runtimeName, logger, plugin }: KeySources): Promise<MasterKey> {
  const dir = settings.keyDir ?? defaultKeyDir();
  const file = join(dir, `${runtimeName.replace(/[^A-Za-z0-9._-]/g, '_')}-secrets.key`);
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined) return parseMasterKey(existing, `key file ${file}`, plugin);

  const text = `${randomBytes(KEY_BYTES).toString('base64')}\n`;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another replica on this machine generated it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return parseMasterKey(await readFile(file, 'utf8'), `key file ${file}`, plugin);
    throw error;
  }
  const key = parseMasterKey(text, `key file ${file}`, plugin);
  logger.warn(
    { keyFile: file, keyId: key.id },
    `generated the secrets master key in ${file}: back this file up, secrets cannot be decrypted without it`,
  );
  return key;
}

function defaultKeyDir(): string {
  const xdg = process.env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.config'), 'tdss');
}

/**
 * Runs the real `tdss` CLI in a child process with Node 24, an isolated data folder and config
 * home, and collects its output; for tests of the CLI and of `npm start` behaviour.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_PATH = fileURLToPath(new URL('../../../runtime/dist/cli/main.js', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  /** Temp folder holding `data/` and `config/`; removed by `cleanup()`. */
  home: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  cleanup(): Promise<void>;
}

export async function spawnCli(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<CliProcess> {
  const home = await mkdtemp(join(tmpdir(), 'tdss-cli-'));
  let out = '';
  let err = '';
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: cwd ?? home,
    env: { ...process.env, TDSS_DATA_DIR: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    home,
    stdout: () => out,
    stderr: () => err,
    exited,
    async cleanup() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      await rm(home, { recursive: true, force: true });
    },
  };
}

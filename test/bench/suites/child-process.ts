/**
 * Child processes of the suites: started with an IPC channel (their stdout goes to stderr, since the
 * bench's stdout is the JSON result), awaited, stopped, and measured from /proc (Linux).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export function spawnWithIpc(file: string, env: Record<string, string>, nodeOptions: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeOptions, file], { env: { ...process.env, ...env }, stdio: ['ignore', process.stderr, 'inherit', 'ipc'] });
}

/** The child's first IPC message; rejects when it exits before sending one. */
export function firstMessage<T>(child: ChildProcess, name: string): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) => reject(new Error(`bench: ${name} exited with ${code} before it reported`)));
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** CPU time (user and system) a process has used so far. */
export async function cpuMsOf(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /, '').split(' ');
  // utime and stime, fields 14 and 15 of stat(5), in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A process's resident memory now. */
export async function rssMiBOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

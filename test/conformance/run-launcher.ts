/**
 * What every kit run shares: the kit launcher as a child Java process (stopped with us on Ctrl-C),
 * and the free loopback port the kit listens on. @tdss/testing's freePort serves both.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export { freePort } from '@tdss/testing';

/**
 * Runs TckLauncher over the given test packages; resolves with its exit code (0 only on PASS).
 * Its output goes to ours as it comes; `onLine`, when given, also sees each line of it.
 */
export function runLauncher(
  classpath: string,
  configFile: string,
  packages: readonly string[],
  match: string | undefined,
  onLine?: (line: string) => void,
): Promise<number> {
  const args = ['-cp', classpath, path.join(import.meta.dirname, 'tck', 'TckLauncher.java'), '-config', configFile];
  for (const pkg of packages) args.push('-package', pkg);
  if (match !== undefined) args.push('-match', match);
  const java = spawn('java', args, { stdio: ['inherit', onLine ? 'pipe' : 'inherit', 'inherit'] });
  if (onLine && java.stdout) {
    createInterface({ input: java.stdout }).on('line', (line) => {
      process.stdout.write(`${line}\n`);
      onLine(line);
    });
  }
  const interrupt = () => java.kill('SIGTERM');
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  return new Promise((resolve, reject) => {
    java.once('error', reject);
    java.once('exit', (code, signal) => {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

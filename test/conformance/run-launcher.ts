/**
 * What every kit run shares: the kit launcher as a child Java process (stopped with us on Ctrl-C),
 * and the free loopback port the kit listens on. @tdss/testing's freePort serves both.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export { freePort } from '@tdss/testing';

/** Runs TckLauncher over the given test packages; resolves with its exit code (0 only on PASS). */
export function runLauncher(classpath: string, configFile: string, packages: readonly string[], match: string | undefined): Promise<number> {
  const args = ['-cp', classpath, path.join(import.meta.dirname, 'tck', 'TckLauncher.java'), '-config', configFile];
  for (const pkg of packages) args.push('-package', pkg);
  if (match !== undefined) args.push('-match', match);
  const java = spawn('java', args, { stdio: 'inherit' });
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

// The conformance kits need Maven (to fetch) and a JDK (to run). Outside CI a test may skip
// when one is missing; in CI that is a failure, so a machine without them cannot pass unnoticed.

import { spawnSync } from 'node:child_process';

/** Reason to skip, or undefined to run; throws in CI so the test fails instead of skipping. */
export function skipUnlessTools(...commands: string[]): string | undefined {
  const missing = commands.find((command) => {
    const probe = spawnSync(command, ['-version'], { stdio: 'ignore' });
    return probe.error !== undefined || probe.status !== 0;
  });
  if (missing === undefined) return undefined;
  const reason = `${missing} is not installed (the conformance kits need Maven and a Java 17 JDK)`;
  if (process.env.CI === 'true') throw new Error(reason);
  return reason;
}

import { checkProfile, formatIssue, type ProfileCheck } from '@tdss/kernel';
import { profilePath, RUNTIME_DIR } from '../../builtin-profiles.ts';
import type { CliIo } from '../io.ts';

/** Runs the kernel's checks on a profile and prints every issue; exit code 1 when there are any. */
export async function checkOrReport(file: string, io: CliIo): Promise<ProfileCheck | undefined> {
  const result = await checkProfile(profilePath(file), { searchFrom: [RUNTIME_DIR] });
  if (result.issues.length === 0) return result;
  const count = result.issues.length === 1 ? '1 problem' : `${result.issues.length} problems`;
  io.err(`${result.file}: ${count}`);
  for (const issue of result.issues) io.err(`  ✗ ${formatIssue(issue)}`);
  return undefined;
}

export async function checkCommand(file: string, io: CliIo): Promise<number> {
  const result = await checkOrReport(file, io);
  if (!result) return 1;
  io.out(`${result.file}: OK, ${result.plan.order.length} plugins (run \`tdss plugins ${file}\` for the start order)`);
  return 0;
}

/**
 * What `tdss check` and `tdss plugins` report: every problem of a profile at once, and the start
 * order the kernel would use.
 */
import { createKernelPlugin } from '../core/kernel-plugin.ts';
import type { PluginPlan } from '../plan/plan-plugins.ts';
import { assemble } from '../runtime/assemble.ts';
import { ProfileError } from '../runtime/profile-error.ts';
import { createRuntime, type Runtime } from '../runtime/runtime.ts';
import type { Issue } from '../settings/issue.ts';
import { originKey } from './interpolate.ts';
import { type LoadProfileOptions, loadProfile } from './load-profile.ts';

export interface ProfileCheck {
  file: string;
  issues: Issue[];
  /** The start order; only meaningful when there are no issues. */
  plan: PluginPlan;
}

export async function checkProfile(file: string, options: LoadProfileOptions = {}): Promise<ProfileCheck> {
  const loaded = await loadProfile(file, options);
  const assembly = assemble(loaded.options, createKernelPlugin({}));
  const graphIssues = new Set(assembly.plan.issues);
  // A key the loader already reported (say, an unset variable) holds a stand-in value whose
  // validation would only mislead; so would graph issues when a plugin did not load, since it
  // cannot provide anything.
  const reported = new Set(loaded.issues.filter((issue) => issue.path.length).map((issue) => originKey(issue.path)));
  const later = assembly.issues.filter(
    (issue) => (loaded.resolved || !graphIssues.has(issue)) && !reported.has(originKey(issue.path)),
  );
  return { file: loaded.file, issues: [...loaded.issues, ...later.map(loaded.options.locate!)], plan: assembly.plan };
}

/** Loads a profile and builds its runtime (not started); throws a ProfileError listing every problem. */
export async function createRuntimeFromProfile(
  file: string,
  options: LoadProfileOptions & Pick<Parameters<typeof createRuntime>[0], 'logDestination'> = {},
): Promise<Runtime> {
  const loaded = await loadProfile(file, options);
  if (loaded.issues.length) throw new ProfileError(loaded.file, loaded.issues);
  return createRuntime({ ...loaded.options, ...(options.logDestination ? { logDestination: options.logDestination } : {}) });
}

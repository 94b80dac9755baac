/**
 * Validates what a runtime is made of without starting anything: the runtime settings, each
 * plugin's settings and the plugin graph. `tdss check` stops here; `createRuntime` goes on.
 */
import type { AnyPlugin } from '@tdss/sdk';
import { KERNEL_PLUGIN_NAME } from '../core/kernel-plugin.ts';
import { RuntimeSettings } from '../core/runtime-settings.ts';
import { planPlugins, type PluginPlan } from '../plan/plan-plugins.ts';
import type { PluginEntry } from '../plan/plugin-entry.ts';
import type { Issue } from '../settings/issue.ts';
import { validateSettings } from '../settings/validate-settings.ts';

export interface Assembly {
  runtime: RuntimeSettings;
  plan: PluginPlan;
  /** Validated settings (defaults applied) per plugin name. */
  settings: Map<string, unknown>;
  issues: Issue[];
}

export interface AssemblyInput {
  runtime?: unknown;
  plugins: readonly PluginEntry[];
}

export function assemble(input: AssemblyInput, kernel: AnyPlugin): Assembly {
  const issues: Issue[] = [];
  const runtime = validateSettings<RuntimeSettings>(RuntimeSettings, input.runtime, ['runtime']);
  issues.push(...runtime.issues);

  const settings = new Map<string, unknown>();
  for (const entry of input.plugins) {
    if (entry.plugin.name === KERNEL_PLUGIN_NAME) continue;
    const result = validateSettings(entry.plugin.settings, entry.settings, entry.path ?? ['plugins', entry.plugin.name]);
    issues.push(...result.issues);
    settings.set(entry.plugin.name, result.value);
  }
  settings.set(kernel.name, {});

  const plan = planPlugins([{ plugin: kernel, path: ['runtime'] }, ...input.plugins]);
  issues.push(...plan.issues);
  return { runtime: runtime.value, plan, settings, issues };
}

/**
 * Turns the plugins a profile lists into a start order: binds each required token to the one
 * plugin that provides it, lets real providers replace defaults, and reports missing providers,
 * duplicates and cycles as Issues that say what to do.
 */
import { type AnyPlugin, type AnyServiceToken, provisionToken } from '@tdss/sdk';
import type { Issue } from '../settings/issue.ts';
import type { PluginEntry } from './plugin-entry.ts';

export interface PlannedPlugin {
  readonly entry: PluginEntry;
  readonly plugin: AnyPlugin;
  /** Tokens this plugin really provides in this runtime (defaults another plugin replaced are left out). */
  readonly provides: AnyServiceToken[];
  /** Defaults of this plugin that another plugin replaced. */
  readonly replaced: Array<{ token: AnyServiceToken; by: string }>;
  /** Plugins that must start before this one, with the token that makes it so. */
  readonly dependsOn: Array<{ plugin: string; token: AnyServiceToken }>;
}

export interface PluginPlan {
  /** Start order; stop runs it backwards. */
  order: PlannedPlugin[];
  /** Plugins left out because every service they offered was a default another plugin replaced. */
  dropped: PlannedPlugin[];
  issues: Issue[];
}

interface Provider {
  planned: MutablePlanned;
  isDefault: boolean;
}

type MutablePlanned = {
  entry: PluginEntry;
  plugin: AnyPlugin;
  provides: AnyServiceToken[];
  replaced: Array<{ token: AnyServiceToken; by: string }>;
  dependsOn: Array<{ plugin: string; token: AnyServiceToken }>;
  index: number;
};

export function planPlugins(entries: readonly PluginEntry[]): PluginPlan {
  const issues: Issue[] = [];
  const all = dedupe(entries, issues);
  const providers = chooseProviders(all, issues);
  const dropped = all.filter((p) => p.provides.length === 0 && p.replaced.length > 0);
  const active = all.filter((p) => !dropped.includes(p));

  for (const planned of active) {
    const needs = [
      ...(planned.plugin.requires ?? []).map((token: AnyServiceToken) => ({ token, optional: false })),
      ...(planned.plugin.optional ?? []).map((token: AnyServiceToken) => ({ token, optional: true })),
    ];
    for (const { token, optional } of needs) {
      const provider = providers.get(token.id);
      if (!provider) {
        if (!optional) issues.push(missingProvider(planned, token));
        continue;
      }
      if (provider.planned === planned) continue;
      planned.dependsOn.push({ plugin: provider.planned.plugin.name, token });
    }
  }

  const order = sortByDependencies(active, issues);
  return { order, dropped, issues };
}

function dedupe(entries: readonly PluginEntry[], issues: Issue[]): MutablePlanned[] {
  const byName = new Map<string, MutablePlanned>();
  entries.forEach((entry, index) => {
    const name = entry.plugin.name;
    if (byName.has(name)) {
      issues.push({
        path: entry.path ?? [],
        message: `plugin ${name} is listed twice`,
        hint: 'keep one entry for it in the profile',
      });
      return;
    }
    byName.set(name, { entry, plugin: entry.plugin, provides: [], replaced: [], dependsOn: [], index });
  });
  return [...byName.values()];
}

function chooseProviders(all: MutablePlanned[], issues: Issue[]): Map<symbol, Provider> {
  const candidates = new Map<symbol, { token: AnyServiceToken; providers: Provider[] }>();
  for (const planned of all) {
    for (const provision of planned.plugin.provides ?? []) {
      const { token, isDefault } = provisionToken(provision);
      const slot = candidates.get(token.id) ?? { token, providers: [] };
      slot.providers.push({ planned, isDefault });
      candidates.set(token.id, slot);
    }
  }
  const chosen = new Map<symbol, Provider>();
  for (const { token, providers } of candidates.values()) {
    const real = providers.filter((p) => !p.isDefault);
    const pool = real.length > 0 ? real : providers;
    if (pool.length > 1) {
      const names = pool.map((p) => p.planned.plugin.name);
      issues.push({
        path: [],
        message: `${token.name} is provided by ${names.join(' and ')}; a runtime takes one provider per service`,
        hint: `remove all but one of ${names.join(', ')} from the profile`,
      });
    }
    const winner = pool[0]!;
    chosen.set(token.id, winner);
    for (const provider of providers) {
      if (provider === winner) provider.planned.provides.push(token);
      else if (provider.isDefault) provider.planned.replaced.push({ token, by: winner.planned.plugin.name });
    }
  }
  return chosen;
}

function missingProvider(planned: MutablePlanned, token: AnyServiceToken): Issue {
  const known = token.providedBy.length ? token.providedBy.join(' or ') : undefined;
  return {
    path: planned.entry.path ?? [],
    message: `plugin ${planned.plugin.name} requires ${token.name} (${token.description}), which no plugin in this profile provides`,
    hint: known
      ? `add ${known} to the profile's plugins`
      : `add a plugin that provides ${token.name} to the profile's plugins`,
  };
}

/** Kahn's algorithm, taking ready plugins in profile order so the start order is stable. */
function sortByDependencies(active: MutablePlanned[], issues: Issue[]): PlannedPlugin[] {
  const names = new Set(active.map((p) => p.plugin.name));
  const remaining = new Map(active.map((p) => [p.plugin.name, p]));
  const order: PlannedPlugin[] = [];
  const done = new Set<string>();
  while (remaining.size > 0) {
    const ready = [...remaining.values()]
      .filter((p) => p.dependsOn.every((d) => done.has(d.plugin) || !names.has(d.plugin)))
      .sort((a, b) => a.index - b.index)[0];
    if (!ready) {
      issues.push(describeCycle([...remaining.values()], done));
      return order;
    }
    order.push(ready);
    done.add(ready.plugin.name);
    remaining.delete(ready.plugin.name);
  }
  return order;
}

function describeCycle(stuck: MutablePlanned[], done: Set<string>): Issue {
  const byName = new Map(stuck.map((p) => [p.plugin.name, p]));
  // Walk unmet dependencies from any stuck plugin until a plugin repeats: that loop is the cycle.
  const path: Array<{ plugin: string; token?: AnyServiceToken }> = [];
  const position = new Map<string, number>();
  let current = stuck[0]!;
  while (!position.has(current.plugin.name)) {
    position.set(current.plugin.name, path.length);
    const next = current.dependsOn.find((d) => !done.has(d.plugin) && byName.has(d.plugin))!;
    path.push({ plugin: current.plugin.name, token: next.token });
    current = byName.get(next.plugin)!;
  }
  const cycle = path.slice(position.get(current.plugin.name));
  const text = [...cycle.map((step) => `${step.plugin} --requires ${step.token!.name}-->`), current.plugin.name].join(' ');
  return {
    path: [],
    message: `dependency cycle: ${text}`,
    hint: 'break the cycle: make one of these requirements optional, or move the shared service into its own plugin',
  };
}

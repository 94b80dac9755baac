import { profileSchema } from '@tdss/kernel';
import { builtinPlugins } from '../../builtin-plugins.ts';
import type { CliIo } from '../io.ts';
import { checkOrReport } from './check.ts';

/** Prints the profile JSON Schema for the built-in plugins plus the plugins `file` uses. */
export async function schemaCommand(file: string | undefined, io: CliIo): Promise<number> {
  const plugins = await builtinPlugins();
  if (file) {
    const result = await checkOrReport(file, io);
    if (!result) return 1;
    const known = new Set(plugins.map((p) => p.name));
    plugins.push(...result.plan.order.map((p) => p.plugin).filter((p) => !known.has(p.name) && p.name !== '@tdss/kernel'));
  }
  io.out(JSON.stringify(profileSchema(plugins), null, 2));
  return 0;
}

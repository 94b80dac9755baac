/** The plugins this runtime package ships with: the plugin packages among its dependencies. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { type AnyPlugin, isPlugin } from '@tdss/sdk';

export async function builtinPlugins(): Promise<AnyPlugin[]> {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const require = createRequire(import.meta.url);
  const modules = await Promise.all(
    Object.keys(manifest.dependencies).map(async (name) => (await import(pathToFileURL(require.resolve(name)).href)) as { default?: unknown }),
  );
  return modules.map((module) => module.default).filter(isPlugin);
}

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import t from 'tap';
import { resolvePackage } from './resolve-package.ts';

const dir = await mkdtemp(join(tmpdir(), 'kernel-resolve-package-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));

async function pkg(name: string, manifest: Record<string, unknown>, files: string[]): Promise<string> {
  const root = join(dir, 'node_modules', name);
  await mkdir(root, { recursive: true });
  await writeFile(join(root, 'package.json'), JSON.stringify({ name, ...manifest }));
  for (const file of files) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), 'export default 1;\n');
  }
  return root;
}

const esmOnly = await pkg('esm-only', { type: 'module', exports: { '.': { types: './index.d.ts', import: './dist/index.js' } } }, ['dist/index.js']);
const dual = await pkg('@acme/dual', { exports: { '.': { require: './cjs/index.cjs', import: './esm/index.js' }, './extra': './esm/extra.js' } }, [
  'cjs/index.cjs',
  'esm/index.js',
  'esm/extra.js',
]);
const sugar = await pkg('sugar', { exports: './main.js' }, ['main.js']);
const nested = await pkg('nested', { exports: { node: { import: './node.js' }, default: './browser.js' } }, ['node.js', 'browser.js']);
const legacy = await pkg('legacy', { main: 'lib/entry' }, ['lib/entry.js']);
await pkg('require-only', { exports: { require: './index.cjs' } }, ['index.cjs']);

t.test('a package that exports only to import is found', async (t) => {
  t.equal(resolvePackage('esm-only', dir), join(esmOnly, 'dist/index.js'));
});

t.test('a dual package resolves to its import entry, and to exported subpaths', async (t) => {
  t.equal(resolvePackage('@acme/dual', dir), join(dual, 'esm/index.js'));
  t.equal(resolvePackage('@acme/dual/extra', dir), join(dual, 'esm/extra.js'));
  t.equal(resolvePackage('@acme/dual/hidden', dir), undefined);
});

t.test('exports given as a string or as nested conditions are followed', async (t) => {
  t.equal(resolvePackage('sugar', dir), join(sugar, 'main.js'));
  t.equal(resolvePackage('nested', dir), join(nested, 'node.js'));
});

t.test('a package without exports resolves through main', async (t) => {
  t.equal(resolvePackage('legacy', dir), join(legacy, 'lib/entry.js'));
});

t.test('packages that are not there, or that export nothing to import, are not found', async (t) => {
  t.equal(resolvePackage('not-installed', dir), undefined);
  t.equal(resolvePackage('@acme/not-installed', dir), undefined);
  t.equal(resolvePackage('require-only', dir), undefined);
});

t.test('a package is found from a folder below the one that holds node_modules', async (t) => {
  const below = join(dir, 'profiles', 'prod');
  await mkdir(below, { recursive: true });
  t.equal(resolvePackage('esm-only', below), join(esmOnly, 'dist/index.js'));
});

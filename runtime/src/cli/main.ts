#!/usr/bin/env node
// The compile cache makes every start after the first one skip parsing the runtime's modules,
// so it is enabled before anything heavy is imported.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
const { runCli } = await import('./run-cli.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  ...(process.stderr.isTTY ? { terminal: { write: (text: string) => process.stderr.write(text), get columns() { return process.stderr.columns } } } : {}),
});

/**
 * A problem found in a profile or plugin graph, located as precisely as we can so that the
 * operator can go straight to the line.
 */
export type KeyPath = ReadonlyArray<string | number>;

export interface Issue {
  /** The profile file, when the problem is in one. */
  file?: string;
  line?: number;
  column?: number;
  /** Where in the profile (e.g. ['plugins', '@tdss/http', 'port']); empty for graph problems. */
  path: KeyPath;
  message: string;
  /** What to do about it. */
  hint?: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `plugins["@tdss/http"].contexts.default.port` */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (IDENTIFIER.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

export function formatIssue(issue: Issue): string {
  const where = issue.file ? `${issue.file}${issue.line ? `:${issue.line}:${issue.column ?? 1}` : ''}` : '';
  const path = issue.path.length ? formatKeyPath(issue.path) : '';
  const head = [where, path].filter(Boolean).join(' ');
  const hint = issue.hint ? `\n    → ${issue.hint}` : '';
  return `${head ? `${head}: ` : ''}${issue.message}${hint}`;
}

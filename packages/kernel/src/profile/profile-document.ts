/**
 * A profile file parsed with positions (YAML 1.2 reads JSON too), so that any issue can point
 * at its line and column.
 */
import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Issue, KeyPath } from '../settings/issue.ts';

export interface ProfileDocument {
  file: string;
  value: unknown;
  issues: Issue[];
  /** Adds the file, line and column of the deepest part of the issue's path found in the file. */
  locate(issue: Issue): Issue;
}

export async function readProfileDocument(file: string): Promise<ProfileDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'profile file not found' : `cannot read the profile: ${(error as Error).message}`;
    return { file, value: undefined, issues: [{ file, path: [], message }], locate: (i) => ({ file, ...i }) };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  const issues: Issue[] = doc.errors.map((error) => {
    const pos = at(error.pos[0]);
    return { file, line: pos.line, column: pos.col, path: [], message: `not valid YAML or JSON: ${error.message.split('\n')[0]}` };
  });
  const locate = (issue: Issue): Issue => {
    if (issue.line) return { file, ...issue };
    const offset = findOffset(doc, issue.path);
    if (offset === undefined) return { file, ...issue };
    const pos = at(offset);
    return { file, line: pos.line, column: pos.col, ...issue };
  };
  return { file, value: issues.length ? undefined : doc.toJS(), issues, locate };
}

function findOffset(doc: Document, path: KeyPath): number | undefined {
  let node: Node | null | undefined = doc.contents;
  let offset = node?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key] as Node | undefined;
      if (!node) break;
      offset = node.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

/** The members every management input shares: the id, free-form objects, and no unknown members. */
import { type EdcDocument, normaliseEdcValue } from './read-edc-document.ts';
import { isJsonObject, type ValidationIssues } from './validation-issues.ts';

/** Ids appear in URL paths and Location headers: any text but control characters, up to 255 characters. */
const ID = /^[^\p{Cc}]{1,255}$/u;

/** Read-only members that a client may send back as it got them (GET, change, PUT). */
const READ_ONLY = ['createdAt'];

export function readId(doc: EdcDocument, issues: ValidationIssues): string | undefined {
  if (doc.id === undefined) return undefined;
  if (typeof doc.id !== 'string' || !ID.test(doc.id) || doc.id.trim() === '') {
    issues.add('@id', 'must be a string of 1 to 255 characters without control characters (generated when absent)');
    return undefined;
  }
  return doc.id;
}

export function checkMembers(doc: EdcDocument, known: readonly string[], issues: ValidationIssues): void {
  for (const [key, { path }] of doc.fields) {
    if (!known.includes(key) && !READ_ONLY.includes(key)) issues.add(path, `unknown member; known: @id, ${known.join(', ')}`);
  }
}

/** A JSON object member with its keys normalised (see read-edc-document.ts); `{}` when absent. */
export function readFreeForm(doc: EdcDocument, key: string, issues: ValidationIssues): Record<string, unknown> {
  const field = doc.fields.get(key);
  if (field === undefined) return {};
  if (!isJsonObject(field.value)) {
    issues.add(field.path, 'must be a JSON object');
    return {};
  }
  return normaliseEdcValue(field.value, field.path, issues) as Record<string, unknown>;
}

import { ProblemError, problems } from '@tdss/sdk';
import { isObject } from '../credentials/parse-credential.ts';

/**
 * The scopes of a PresentationQueryMessage (DCP 1.0, Resolution API). It must hold either `scope`
 * (a non-empty list) or `presentationDefinition`; both are a 400. Presentation definitions are
 * not supported, which DCP answers with 501.
 */
export function readPresentationQuery(body: unknown): string[] {
  if (!isObject(body)) throw problems.badRequest('the body must be a PresentationQueryMessage object');
  if (body.type !== 'PresentationQueryMessage') throw problems.badRequest('type must be "PresentationQueryMessage"');
  const hasScope = 'scope' in body;
  const hasDefinition = 'presentationDefinition' in body;
  if (hasScope && hasDefinition) throw problems.badRequest('a PresentationQueryMessage holds either scope or presentationDefinition, not both');
  if (hasDefinition) {
    const definition = body.presentationDefinition;
    if (!isObject(definition) || Object.keys(definition).length === 0) throw problems.badRequest('presentationDefinition must be a non-empty object');
    throw new ProblemError(501, 'presentation definitions are not supported here; query by scope', { type: 'not-implemented' });
  }
  const scope = body.scope;
  if (!Array.isArray(scope) || scope.length === 0 || !scope.every((s) => typeof s === 'string' && s.length > 0)) {
    throw problems.badRequest('scope must be a non-empty list of scope strings');
  }
  return scope as string[];
}

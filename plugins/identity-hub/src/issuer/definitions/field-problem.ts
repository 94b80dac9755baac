import { type ProblemError, problems } from '@tdss/sdk';

/** A 400 problem about one member of a credential definition, named in the detail and in `errors` for clients. */
export function fieldProblem(path: string, problem: string): ProblemError {
  return problems.badRequest(`${path} ${problem}`, { errors: [{ path, problem }] });
}

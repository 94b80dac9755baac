/**
 * Input validation reports every problem of a request at once, each with the path of the value
 * it is about, the way participant contexts do: clients fix all of them in one round trip.
 */
import { type ProblemError, problems } from '@tdss/sdk';

export interface ValidationIssue {
  /** Dotted path of the value inside the request body, e.g. `policy.permission[0].action`; `` for the body. */
  path: string;
  problem: string;
}

export interface ValidationIssues {
  add(path: string, problem: string): void;
  readonly count: number;
  /** Throws a 400 problem listing every issue, if there is one. */
  throwIfAny(what: string): void;
  /** The 400 problem listing every issue so far. */
  toProblem(what: string): ProblemError;
}

export function createValidationIssues(): ValidationIssues {
  const issues: ValidationIssue[] = [];
  return {
    add: (path, problem) => void issues.push({ path, problem }),
    get count() {
      return issues.length;
    },
    throwIfAny(what) {
      if (issues.length > 0) throw this.toProblem(what);
    },
    toProblem(what) {
      const list = issues.map((i) => `${i.path || 'body'}: ${i.problem}`).join('; ');
      return problems.badRequest(`invalid ${what}: ${list}`, { errors: [...issues] });
    },
  };
}

/** `a` + `b` → `a.b`, `a` + `[0]` → `a[0]`, `` + `b` → `b`. */
export function childPath(parent: string, child: string | number): string {
  if (typeof child === 'number') return `${parent}[${child}]`;
  return parent ? `${parent}.${child}` : child;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

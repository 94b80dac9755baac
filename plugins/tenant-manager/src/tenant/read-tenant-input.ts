/** Request bodies of the tenant API, checked field by field: a 400 problem names every bad one. */
import { problems } from '@tdss/sdk';
import { type Issue, schemaIssues } from './schema-issues.ts';
import { TENANT_ID } from './tenant.ts';
import { TenantSettings } from './tenant-settings.ts';

export interface NewTenant {
  /** Generated when absent. */
  id?: string;
  name: string;
  settings?: TenantSettings;
}

export interface TenantChanges {
  name?: string;
  settings?: TenantSettings;
}

export function readNewTenant(body: unknown): NewTenant {
  const { input, issues } = fields(body, ['id', 'name', 'settings']);
  if (input.id !== undefined && (typeof input.id !== 'string' || !TENANT_ID.test(input.id))) {
    issues.push({ path: 'id', problem: `must match ${TENANT_ID.source}` });
  }
  if (input.name === undefined) issues.push({ path: 'name', problem: 'required: a string of 1 to 200 characters' });
  checkCommon(input, issues);
  return done(input, issues) as unknown as NewTenant;
}

export function readTenantChanges(body: unknown): TenantChanges {
  const { input, issues } = fields(body, ['name', 'settings']);
  if (Object.keys(input).length === 0 && issues.length === 0) issues.push({ path: '', problem: 'name or settings to change' });
  checkCommon(input, issues);
  return done(input, issues) as TenantChanges;
}

function fields(body: unknown, known: readonly string[]): { input: Record<string, unknown>; issues: Issue[] } {
  const issues: Issue[] = [];
  const input = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  if (input !== body) issues.push({ path: '', problem: 'expected a JSON object' });
  for (const key of Object.keys(input)) if (!known.includes(key)) issues.push({ path: key, problem: `unknown field; known: ${known.join(', ')}` });
  return { input, issues };
}

function checkCommon(input: Record<string, unknown>, issues: Issue[]): void {
  if (input.name !== undefined && (typeof input.name !== 'string' || input.name.trim().length === 0 || input.name.length > 200)) {
    issues.push({ path: 'name', problem: 'must be a string of 1 to 200 characters, not only blanks' });
  }
  if (input.settings !== undefined) issues.push(...schemaIssues(TenantSettings, input.settings, 'settings'));
}

function done(input: Record<string, unknown>, issues: Issue[]): Record<string, unknown> {
  if (issues.length) throw problems.badRequest(issues.map((i) => `${i.path || 'body'}: ${i.problem}`).join('; '), { errors: issues });
  return input;
}

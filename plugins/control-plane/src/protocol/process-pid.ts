/**
 * Process ids of negotiations and transfers: ours are `urn:uuid:` URNs (as in the spec's
 * examples); the counterparty's are opaque strings that we store, index and echo back, so their
 * length is bounded, and a message must name the process its path names.
 */
import { randomUUID } from 'node:crypto';
import { problems } from '@tdss/sdk';

/** The longest pid of a counterparty that is accepted. */
export const MAX_PID_LENGTH = 255;

export function newProcessPid(): string {
  return `urn:uuid:${randomUUID()}`;
}

/** 400 when a counterparty's pid is empty or too long to be stored. */
export function checkCounterpartyPid(member: string, pid: string): string {
  if (pid.length === 0 || pid.length > MAX_PID_LENGTH) throw problems.badRequest(`${member}: must have 1 to ${MAX_PID_LENGTH} characters`);
  return pid;
}

/** 400 when a message posted to a process's path names another process as its `member`. */
export function checkPathPid(member: string, named: string, pathPid: string): void {
  if (named !== pathPid) throw problems.badRequest(`${member}: ${JSON.stringify(named)} differs from the process in the path, ${JSON.stringify(pathPid)}`);
}

import { problems } from '@tdss/sdk';

/**
 * Participant ids become the last segment of a did:web and a URL path segment, so they are held
 * to the characters both allow unescaped (DID Core `idchar` without `%`); a leading dot would
 * make `.` and `..` segments possible.
 */
const PARTICIPANT_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

export function isParticipantId(value: string): boolean {
  return PARTICIPANT_ID.test(value);
}

/** Throws a 400 problem naming the rule when `value` is not a participant id. */
export function checkParticipantId(value: string): string {
  if (!isParticipantId(value)) {
    throw problems.badRequest(
      'participant id must be 1 to 128 characters of letters, digits, ".", "_" and "-", not starting with "."',
    );
  }
  return value;
}

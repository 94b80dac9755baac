/**
 * xsd:duration (ISO 8601 durations, plus weeks) for `elapsedTime`. Years and months have no
 * fixed length, so a duration is never turned into milliseconds: it is added to a start instant
 * the way xsd defines it, clamping the day to the end of a shorter month.
 */
import { daysInMonth } from './iso-date.ts';

export interface Duration {
  readonly negative: boolean;
  readonly months: number;
  /** Weeks, days, hours, minutes and seconds, which do have a fixed length. */
  readonly ms: number;
}

const DURATION = /^(-)?P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(text: string): Duration | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const [, sign, y = '0', mo = '0', w = '0', d = '0', h = '0', mi = '0', s = '0'] = match;
  return {
    negative: sign === '-',
    months: Number(y) * 12 + Number(mo),
    ms: ((Number(w) * 7 + Number(d)) * 24 * 3600 + Number(h) * 3600 + Number(mi) * 60) * 1000 + Math.round(Number(s) * 1000),
  };
}

export function addDuration(startMs: number, duration: Duration): number {
  const sign = duration.negative ? -1 : 1;
  const start = new Date(startMs);
  const monthIndex = start.getUTCFullYear() * 12 + start.getUTCMonth() + sign * duration.months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const moved = new Date(startMs);
  moved.setUTCFullYear(year, month - 1, Math.min(start.getUTCDate(), daysInMonth(year, month)));
  return moved.getTime() + sign * duration.ms;
}

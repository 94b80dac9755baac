/**
 * ISO 8601 / xsd dates as ODRL right operands use them (`2023-12-31T06:00Z` in the ODRL
 * vocabulary and the DSP examples: seconds are optional). JavaScript's Date.parse reads a
 * date-time without an offset as local time, so the parsing is done here, in UTC.
 */

/** A point in time, or a whole calendar day when only a date was written. */
export type IsoInstant = { readonly kind: 'dateTime'; readonly ms: number } | { readonly kind: 'date'; readonly day: string };

const DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
const DATE = /^(-?\d{4,})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;

/** Parses an xsd:dateTime (seconds optional; no offset means UTC) or an xsd:date; undefined when it is neither. */
export function parseIsoDate(text: string): IsoInstant | undefined {
  const date = DATE.exec(text);
  if (date) {
    const [, y, m, d] = date;
    return utc(Number(y), Number(m), Number(d), 0, 0, 0, 0) === undefined ? undefined : { kind: 'date', day: `${y}-${m}-${d}` };
  }
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone = 'Z'] = match;
  const hour = Number(h);
  // xsd allows 24:00:00 for the end of a day: the first instant of the next.
  const endOfDay = hour === 24 && Number(mi) === 0 && Number(s) === 0 && !/[1-9]/.test(fraction);
  const ms = utc(Number(y), Number(mo), Number(d), endOfDay ? 0 : hour, Number(mi), Number(s), Math.floor(Number(`0${fraction}`) * 1000));
  if (ms === undefined) return undefined;
  const offset = zoneOffsetMs(zone);
  if (offset === undefined) return undefined;
  return { kind: 'dateTime', ms: ms + (endOfDay ? 86_400_000 : 0) - offset };
}

/** The UTC calendar day of an instant, as `YYYY-MM-DD`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

export function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

function zoneOffsetMs(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 14 || minutes > 59 || (hours === 14 && minutes > 0)) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

import type { z } from 'zod';
import { assertNever } from '../errors/assert-never.js';
import { ODataError } from '../errors/odata-error.js';
import { scanTemporal } from '../parse/temporal-literal.js';
import { isPrefixedLiteral } from './is-prefixed-literal.js';
import { jsonString, reject } from './json-value-schema.js';

type TemporalType = 'date' | 'dateTimeOffset' | 'timeOfDay';

/** Whether the whole text is a temporal literal of the type, as the URL parser reads them. */
function isTemporal(text: string, type: TemporalType): boolean {
  try {
    const match = scanTemporal(text, 0, 'value');
    return match?.type === type && match.end === text.length;
  } catch (error) {
    if (error instanceof ODataError) return false;
    throw error;
  }
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** What is wrong with the date part of a value the URL syntax accepts: a day the calendar lacks, or a year Postgres cannot write so. */
function calendarProblem(text: string): string | undefined {
  const [year = 0, month = 0, day = 0] = (/^(-?\d+)-(\d{2})-(\d{2})/.exec(text) ?? []).slice(1).map(Number);
  if (year < 1) return 'must not be before the year 0001';
  const days = month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day > days ? 'must be a day of the calendar' : undefined;
}

/** The offset of a DateTimeOffset text in minutes (`Z` is 0). */
function offsetMinutes(text: string): number {
  const match = /([+-])(\d{2}):(\d{2})$/.exec(text);
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * A value Postgres would store as another one, or read back as something OData cannot express: a
 * DateTimeOffset whose UTC instant falls before the year 0001 (Postgres would keep it as BC).
 */
function instantProblem(text: string): string | undefined {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0] = (/^(-?\d+)-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(text) ?? []).slice(1).map(Number);
  const utcMinutes = hour * 60 + minute - offsetMinutes(text);
  return year === 1 && month === 1 && day === 1 && utcMinutes < 0 ? 'must not be before the year 0001 in UTC' : undefined;
}

/**
 * A time of day as Postgres keeps it, within 00:00 to 23:59:59.999999: a leap second (`:60`) and
 * digits beyond the microsecond (which Postgres would round up to `24:00:00`) are refused.
 */
function timeOfDayProblem(text: string): string | undefined {
  const [, seconds = '00', fraction = ''] = /^\d{2}:\d{2}(?::(\d{2})(?:\.(\d+))?)?$/.exec(text) ?? [];
  if (seconds === '60') return 'must be before 24:00 (no leap second)';
  return fraction.length > 6 && /[1-9]/.test(fraction.slice(6)) ? 'must not be more precise than microseconds' : undefined;
}

function problemOf(text: string, type: TemporalType): string | undefined {
  switch (type) {
    case 'timeOfDay':
      return timeOfDayProblem(text);
    case 'date':
      return calendarProblem(text);
    case 'dateTimeOffset':
      return calendarProblem(text) ?? instantProblem(text);
    default:
      return assertNever(type);
  }
}

function temporalSchema(type: TemporalType, expected: string): z.ZodType<string> {
  return jsonString(expected).transform((text, ctx) => {
    if (!isTemporal(text, type)) return reject(ctx, `must be ${expected}`);
    const problem = problemOf(text, type);
    return problem === undefined ? text : reject(ctx, problem);
  });
}

/** `2024-01-31`: a day of the calendar. Written as sent. */
export function dateSchema(): z.ZodType<string> {
  return temporalSchema('date', 'a date (YYYY-MM-DD)');
}

/** `2024-01-31T10:00Z`, `2024-01-31T10:00:00.5+01:00`: seconds optional, the offset required. Written as sent. */
export function dateTimeOffsetSchema(): z.ZodType<string> {
  return temporalSchema('dateTimeOffset', 'a date and time with an offset (YYYY-MM-DDThh:mm[:ss[.s]] and Z or ±hh:mm)');
}

/** `10:00`, `23:59:59.123`. Written as sent. */
export function timeOfDaySchema(): z.ZodType<string> {
  return temporalSchema('timeOfDay', 'a time of day (hh:mm[:ss[.s]])');
}

/** Postgres keeps an interval's days as a 32-bit integer and its time as 64-bit microseconds. */
const MAX_INTERVAL_DAYS = 2 ** 31 - 1;
const MAX_INTERVAL_SECONDS = 9_223_372_036_854;

function durationOutOfRange(text: string): boolean {
  const part = (unit: string): number => Number(new RegExp(`(\\d+(?:\\.\\d+)?)${unit}`).exec(text.split('T')[unit === 'D' ? 0 : 1] ?? '')?.[1] ?? 0);
  return part('D') > MAX_INTERVAL_DAYS || part('H') * 3600 + part('M') * 60 + part('S') > MAX_INTERVAL_SECONDS;
}

/**
 * `P1DT2H30M`, `-PT0.5S`: an ISO 8601 day-time duration as OData allows it. Postgres reads no
 * sign before the `P`, so a negative duration is written with each component negated (`P-1DT-2H`).
 */
export function durationSchema(): z.ZodType<string> {
  const expected = 'an ISO 8601 duration ([-]P[nD][T[nH][nM][n[.n]S]])';
  return jsonString(expected).transform((text, ctx) => {
    if (!isPrefixedLiteral('duration', text)) return reject(ctx, `must be ${expected}`);
    if (durationOutOfRange(text)) return reject(ctx, 'must be within the range of a Postgres interval');
    return text.startsWith('-') ? `P${text.slice(2).replace(/\d+(?:\.\d+)?[DHMS]/g, '-$&')}` : text;
  });
}

import type { z } from 'zod';
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

function temporalSchema(type: TemporalType, expected: string): z.ZodType<string> {
  return jsonString(expected).transform((text, ctx) => {
    if (!isTemporal(text, type)) return reject(ctx, `must be ${expected}`);
    const problem = type === 'timeOfDay' ? undefined : calendarProblem(text);
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

/**
 * `P1DT2H30M`, `-PT0.5S`: an ISO 8601 day-time duration as OData allows it. Postgres reads no
 * sign before the `P`, so a negative duration is written with each component negated (`P-1DT-2H`).
 */
export function durationSchema(): z.ZodType<string> {
  const expected = 'an ISO 8601 duration ([-]P[nD][T[nH][nM][n[.n]S]])';
  return jsonString(expected).transform((text, ctx) => {
    if (!isPrefixedLiteral('duration', text)) return reject(ctx, `must be ${expected}`);
    return text.startsWith('-') ? `P${text.slice(2).replace(/\d+(?:\.\d+)?[DHMS]/g, '-$&')}` : text;
  });
}

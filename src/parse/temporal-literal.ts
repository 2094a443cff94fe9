import { ErrorCodes } from '../errors/codes.js';
import { parseError } from './parse-errors.js';

/** A date, dateTimeOffset or timeOfDay recognised at a position, with its end offset. */
export interface TemporalMatch {
  readonly type: 'date' | 'dateTimeOffset' | 'timeOfDay';
  readonly value: string;
  readonly end: number;
}

function twoDigits(text: string, min: number, max: number): boolean {
  const n = Number(text);
  return text.length === 2 && n >= min && n <= max;
}

function dateProblem(text: string): string | undefined {
  const parts = /^(-?\d+)-(\d+)-(\d+)$/.exec(text);
  if (parts === null) return 'malformed date';
  const [, year = '', month = '', day = ''] = parts;
  if (!/^-?(?:0\d{3}|[1-9]\d{3,})$/.test(year)) return 'invalid year';
  if (!twoDigits(month, 1, 12)) return 'month must be 01 to 12';
  if (!twoDigits(day, 1, 31)) return 'day must be 01 to 31';
  return undefined;
}

function timeProblem(text: string): string | undefined {
  const parts = /^(\d+):(\d+)(?::(\d+)(?:\.(\d+))?)?$/.exec(text);
  if (parts === null) return 'malformed time';
  const [, hour = '', minute = '', second, fraction] = parts;
  if (!twoDigits(hour, 0, 23)) return 'hour must be 00 to 23';
  if (!twoDigits(minute, 0, 59)) return 'minute must be 00 to 59';
  if (second !== undefined && !twoDigits(second, 0, 60)) return 'second must be 00 to 60';
  if (fraction !== undefined && fraction.length > 12) return 'at most 12 fractional digits';
  return undefined;
}

function offsetProblem(text: string): string | undefined {
  if (text === 'Z' || text === 'z') return undefined;
  const [hour = '', minute = ''] = text.slice(1).split(':');
  if (!twoDigits(hour, 0, 23)) return 'offset hour must be 00 to 23';
  if (!twoDigits(minute, 0, 59)) return 'offset minute must be 00 to 59';
  return undefined;
}

/**
 * Recognises `2012-09-03`, `-10000-04-01`, `2012-09-03T08:00:00.5+01:00`, `2012-09-03T08:00Z` and
 * `23:59:59.123` starting at `pos`. Text shaped like one of these but out of range (month 13,
 * hour 24) is an invalid literal; text of another shape is not temporal (`undefined`).
 */
export function scanTemporal(text: string, pos: number, target: string): TemporalMatch | undefined {
  const date = /-?\d{4,}-\d{2}-\d{2}/y;
  date.lastIndex = pos;
  if (date.test(text)) {
    const dateEnd = date.lastIndex;
    const time = /[Tt](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([Zz]|[+-]\d{2}:\d{2})/y;
    time.lastIndex = dateEnd;
    const timeParts = time.exec(text);
    const end = timeParts === null ? dateEnd : time.lastIndex;
    const problem =
      dateProblem(text.slice(pos, dateEnd)) ??
      (timeParts === null ? undefined : (timeProblem(timeParts[1] ?? '') ?? offsetProblem(timeParts[2] ?? '')));
    if (problem !== undefined) throw parseError(ErrorCodes.invalidLiteral, target, pos, problem);
    return { type: timeParts === null ? 'date' : 'dateTimeOffset', value: text.slice(pos, end), end };
  }
  const timeOfDay = /\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?/y;
  timeOfDay.lastIndex = pos;
  if (timeOfDay.test(text)) {
    const value = text.slice(pos, timeOfDay.lastIndex);
    const problem = timeProblem(value);
    if (problem !== undefined) throw parseError(ErrorCodes.invalidLiteral, target, pos, problem);
    return { type: 'timeOfDay', value, end: timeOfDay.lastIndex };
  }
  return undefined;
}

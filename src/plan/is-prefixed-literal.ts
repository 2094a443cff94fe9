import { ODataError } from '../errors/odata-error.js';
import { defaultParseLimits } from '../parse/parse-limits.js';
import { parseLiteral } from '../parse/parse-literal.js';

/**
 * Whether `body` is what the URL syntax allows inside `duration'…'` or `binary'…'`: the value
 * check of the URL parser, reused for values that arrive in a request body.
 */
export function isPrefixedLiteral(prefix: 'duration' | 'binary', body: string): boolean {
  const literal = `${prefix}'${body.replaceAll("'", "''")}'`;
  try {
    return parseLiteral(literal, { limits: { ...defaultParseLimits, maxLength: literal.length } }).type === prefix;
  } catch (error) {
    if (error instanceof ODataError) return false;
    throw error;
  }
}

import { syntaxError } from './parse-errors.js';
import type { ParseSource } from './parse-source.js';

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/**
 * RFC 3986 percent-decoding: `%XX` escapes are bytes, consecutive escapes are decoded as UTF-8.
 * `+` stays `+` (it is not a space outside HTML forms; OData's ABNF reads a literal `+` as the
 * plus sign, e.g. `SIGN = "+" / "%2B" / "-"`). A malformed escape or invalid UTF-8 is a 400.
 */
export function percentDecode(raw: string, target: string): ParseSource {
  if (!raw.includes('%')) return { text: raw, encoded: new Uint8Array(raw.length), target };
  const parts: string[] = [];
  /** Start and end (in decoded text) of each run that came from escapes. */
  const escapedRuns: number[] = [];
  let plainStart = 0;
  let i = 0;
  let length = 0;
  while (i < raw.length) {
    if (raw.charCodeAt(i) !== 0x25) {
      i++;
      continue;
    }
    if (i > plainStart) {
      parts.push(raw.slice(plainStart, i));
      length += i - plainStart;
    }
    const bytes: number[] = [];
    let ascii = true;
    while (i < raw.length && raw.charCodeAt(i) === 0x25) {
      const high = hexValue(raw.charCodeAt(i + 1));
      const low = hexValue(raw.charCodeAt(i + 2));
      if (high < 0 || low < 0) throw syntaxError(target, length, 'malformed percent-encoding');
      const byte = high * 16 + low;
      ascii &&= byte < 0x80;
      bytes.push(byte);
      i += 3;
    }
    const decoded = ascii ? String.fromCharCode(...bytes) : decodeUtf8(bytes, target, length);
    parts.push(decoded);
    escapedRuns.push(length, length + decoded.length);
    length += decoded.length;
    plainStart = i;
  }
  if (raw.length > plainStart) {
    parts.push(raw.slice(plainStart));
    length += raw.length - plainStart;
  }
  const encoded = new Uint8Array(length);
  for (let run = 0; run < escapedRuns.length; run += 2) encoded.fill(1, escapedRuns[run], escapedRuns[run + 1]);
  return { text: parts.join(''), encoded, target };
}

function decodeUtf8(bytes: readonly number[], target: string, at: number): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    throw syntaxError(target, at, 'percent-encoded bytes are not valid UTF-8');
  }
}

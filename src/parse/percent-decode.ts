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
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const parts: string[] = [];
  const flags: number[] = [];
  let plainStart = 0;
  let i = 0;
  let length = 0;
  const flushPlain = (end: number): void => {
    if (end > plainStart) {
      parts.push(raw.slice(plainStart, end));
      for (let k = plainStart; k < end; k++) flags.push(0);
      length += end - plainStart;
    }
  };
  while (i < raw.length) {
    if (raw.charCodeAt(i) !== 0x25) {
      i++;
      continue;
    }
    flushPlain(i);
    const bytes: number[] = [];
    while (i < raw.length && raw.charCodeAt(i) === 0x25) {
      const high = hexValue(raw.charCodeAt(i + 1));
      const low = hexValue(raw.charCodeAt(i + 2));
      if (high < 0 || low < 0) throw syntaxError(target, length, 'malformed percent-encoding');
      bytes.push(high * 16 + low);
      i += 3;
    }
    let decoded: string;
    try {
      decoded = utf8.decode(new Uint8Array(bytes));
    } catch {
      throw syntaxError(target, length, 'percent-encoded bytes are not valid UTF-8');
    }
    parts.push(decoded);
    for (let k = 0; k < decoded.length; k++) flags.push(1);
    length += decoded.length;
    plainStart = i;
  }
  flushPlain(raw.length);
  return { text: parts.join(''), encoded: Uint8Array.from(flags), target };
}

/** A `Content-Type` value: the lower-case `type/subtype` and its parameters (lower-case names). */
export interface MediaType {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Splits at `;` outside quoted strings. */
function splitParams(text: string): string[] {
  const pieces: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (quoted && char === '\\' && i + 1 < text.length) {
      current += char + (text[i + 1] as string);
      i += 1;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === ';' && !quoted) {
      pieces.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  pieces.push(current);
  return pieces;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

/**
 * Parses a media type as RFC 9110 writes it (`multipart/mixed; boundary="batch_1"`); `null` for an
 * absent or malformed one. Parameter values lose their quotes.
 */
export function parseMediaType(text: string | undefined): MediaType | null {
  if (text === undefined) return null;
  const [head = '', ...rawParams] = splitParams(text);
  const type = head.trim().toLowerCase();
  const [main, sub, extra] = type.split('/');
  if (main === undefined || sub === undefined || extra !== undefined || !TOKEN.test(main) || !TOKEN.test(sub)) return null;
  const params = new Map<string, string>();
  for (const raw of rawParams) {
    const equals = raw.indexOf('=');
    if (equals === -1) continue;
    const name = raw.slice(0, equals).trim().toLowerCase();
    if (name.length > 0) params.set(name, unquote(raw.slice(equals + 1).trim()));
  }
  return { type, params };
}

/** `application/json` and its `+json` relatives, with any parameters. */
export function isJsonMediaType(media: MediaType | null): boolean {
  return media !== null && (media.type === 'application/json' || media.type.endsWith('+json'));
}

import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { JsonFormat } from '../response/odata-response.js';

interface MediaRange {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
  readonly quality: number;
}

function parseMediaRange(text: string): MediaRange | null {
  const [rawType, ...rawParams] = text.split(';');
  const type = (rawType ?? '').trim().toLowerCase();
  if (type.length === 0) return null;
  const params = new Map<string, string>();
  for (const rawParam of rawParams) {
    const [name, value = ''] = rawParam.split('=', 2);
    params.set((name ?? '').trim().toLowerCase(), value.trim().replace(/^"|"$/g, ''));
  }
  const quality = Number(params.get('q') ?? '1');
  return { type, params, quality: Number.isFinite(quality) ? quality : 0 };
}

/** The media ranges of an Accept header, best first; `null` when there is no header. */
function parseAccept(header: string | undefined): MediaRange[] | null {
  if (header === undefined || header.trim().length === 0) return null;
  return header
    .split(',')
    .map(parseMediaRange)
    .filter((range): range is MediaRange => range !== null && range.quality > 0)
    .sort((a, b) => b.quality - a.quality);
}

const METADATA_LEVELS = new Set(['minimal', 'full', 'none']);

function jsonFormatOf(params: ReadonlyMap<string, string>): JsonFormat {
  const metadata = (params.get('odata.metadata') ?? params.get('metadata') ?? 'minimal').toLowerCase();
  if (!METADATA_LEVELS.has(metadata)) {
    throw new ODataError(406, ErrorCodes.notAcceptable, `odata.metadata=${metadata} is not supported: use minimal, full or none`);
  }
  const ieee = (params.get('ieee754compatible') ?? 'false').toLowerCase();
  return { metadata: metadata as JsonFormat['metadata'], ieee754Compatible: ieee === 'true' };
}

function matchesJson(range: MediaRange): boolean {
  return range.type === 'application/json' || range.type === 'application/*' || range.type === '*/*';
}

/** `$format` values: `json`, or a media type with parameters. */
function formatOption(format: string): MediaRange {
  const range = parseMediaRange(format.toLowerCase() === 'json' ? 'application/json' : format);
  if (range === null) throw new ODataError(406, ErrorCodes.notAcceptable, `$format=${format} is not supported`);
  return range;
}

/** The JSON format of a data response, from `$format` (which wins) or the Accept header; else 406. */
export function negotiateJson(format: string | undefined, accept: string | undefined): JsonFormat {
  if (format !== undefined) {
    const range = formatOption(format);
    if (range.type !== 'application/json') {
      throw new ODataError(406, ErrorCodes.notAcceptable, `$format=${format} is not supported: this service answers application/json`, {
        target: '$format',
      });
    }
    return jsonFormatOf(range.params);
  }
  const ranges = parseAccept(accept);
  if (ranges === null) return jsonFormatOf(new Map());
  const match = ranges.find(matchesJson);
  if (match === undefined) {
    throw new ODataError(406, ErrorCodes.notAcceptable, `None of the accepted media types can be produced: this service answers application/json`);
  }
  return jsonFormatOf(match.params);
}

/** `$metadata` is CSDL XML by default, CSDL JSON for `$format=json` or when JSON is preferred. */
export function negotiateMetadata(format: string | undefined, accept: string | undefined): 'xml' | 'json' {
  if (format !== undefined) {
    const range = formatOption(format.toLowerCase() === 'xml' ? 'application/xml' : format);
    if (range.type === 'application/json') return 'json';
    if (range.type === 'application/xml') return 'xml';
    throw new ODataError(406, ErrorCodes.notAcceptable, `$format=${format} is not supported for $metadata: use xml or json`, { target: '$format' });
  }
  const ranges = parseAccept(accept);
  if (ranges === null) return 'xml';
  for (const range of ranges) {
    if (range.type === 'application/xml' || range.type === 'text/xml' || range.type === '*/*' || range.type === 'application/*') return 'xml';
    if (range.type === 'application/json') return 'json';
  }
  throw new ODataError(406, ErrorCodes.notAcceptable, 'None of the accepted media types can be produced: $metadata is application/xml or application/json');
}

/** `Prefer: odata.maxpagesize=N` (also `maxpagesize` in 4.01); other preferences are ignored. */
export function preferredMaxPageSize(prefer: string | undefined): number | undefined {
  if (prefer === undefined) return undefined;
  for (const preference of prefer.split(',')) {
    const [name, value] = preference.split('=', 2).map((part) => part.trim());
    const normalized = (name ?? '').toLowerCase();
    if (normalized === 'odata.maxpagesize' || normalized === 'maxpagesize') {
      const size = Number((value ?? '').replace(/^"|"$/g, ''));
      if (Number.isSafeInteger(size) && size > 0) return size;
    }
  }
  return undefined;
}

/** `Prefer: return=representation` or `return=minimal`, when sent; other preferences are ignored. */
export function preferredReturn(prefer: string | undefined): 'representation' | 'minimal' | undefined {
  if (prefer === undefined) return undefined;
  for (const preference of prefer.split(',')) {
    const [name, value] = preference.split('=', 2).map((part) => part.trim().toLowerCase());
    if (name === 'return' && (value === 'representation' || value === 'minimal')) return value;
  }
  return undefined;
}

/** `Prefer: odata.track-changes` (also `track-changes` in 4.01). */
export function prefersTrackChanges(prefer: string | undefined): boolean {
  if (prefer === undefined) return false;
  return prefer.split(',').some((preference) => {
    const name = (preference.split(/[=;]/, 1)[0] ?? '').trim().toLowerCase();
    return name === 'odata.track-changes' || name === 'track-changes';
  });
}

/** The client takes OData 4.01 responses: it said `OData-MaxVersion: 4.01` or later. */
export function accepts401(maxVersion: string | undefined): boolean {
  if (maxVersion === undefined) return false;
  const [major = 0, minor = 0] = maxVersion.trim().split('.').map((part) => Number.parseInt(part, 10));
  return major > 4 || (major === 4 && minor >= 1);
}

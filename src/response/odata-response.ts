/**
 * A text body as the concatenation of its parts, so that a large JSON array Postgres built goes to
 * the socket as it is instead of being copied into one string first.
 */
export interface TextParts {
  readonly parts: readonly string[];
}

/**
 * A text body produced while it is sent: a page whose rows are still arriving from the database.
 * The http layer pulls the pieces in order and must `close()` it if it stops before the end.
 */
export interface TextStream {
  /** The next piece, or `null` after the last. Rejects when the answer fails midway. */
  next(): Promise<string | null>;
  /** Stops early: what the stream holds (a database connection) is given back. */
  close(): Promise<void>;
}

/** What the http layer writes: status, headers and body, nothing framework-specific. */
export interface ODataResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer | TextParts | TextStream | null;
}

/** Format options shared by every JSON response. */
export interface JsonFormat {
  readonly metadata: 'minimal' | 'full' | 'none';
  readonly ieee754Compatible: boolean;
}

/** Where the service lives, for context URLs and next links: `https://host/odata`. */
export interface ServiceUrls {
  readonly serviceRoot: string;
  /** The request's resource path relative to the service root, as sent (percent-encoded). */
  readonly resourcePath: string;
  /** The request's raw query string, without `?`. */
  readonly rawQuery: string;
  /** Signs the `$skiptoken` of next links. */
  readonly skipTokenSecret: string;
}

export function jsonContentType(format: JsonFormat): string {
  return `application/json;odata.metadata=${format.metadata}${format.ieee754Compatible ? ';IEEE754Compatible=true' : ''}`;
}

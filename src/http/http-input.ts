/** The request as the pipeline sees it: no Fastify types past this point. */
export interface HttpInput {
  readonly method: string;
  /** The path relative to the service root, without leading `/`, still percent-encoded. */
  readonly path: string;
  /** The raw query string without `?`. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The request body as sent (no body: absent or empty). */
  readonly body?: Buffer;
}

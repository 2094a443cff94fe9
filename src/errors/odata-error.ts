import type { ErrorCode } from './codes.js';

export interface ODataErrorDetail {
  readonly code: ErrorCode;
  readonly message: string;
  readonly target?: string;
}

export interface ODataErrorOptions {
  readonly target?: string;
  readonly details?: readonly ODataErrorDetail[];
  readonly cause?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The one error type every stage throws. Only `http/error-handler.ts` turns it into a response
 * body; the message must be safe to show to a client (no SQL text, no stack, no secret).
 */
export class ODataError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly target: string | undefined;
  readonly details: readonly ODataErrorDetail[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: ErrorCode, message: string, options: ODataErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ODataError';
    this.status = status;
    this.code = code;
    this.target = options.target;
    this.details = options.details ?? [];
    this.headers = options.headers ?? {};
  }
}

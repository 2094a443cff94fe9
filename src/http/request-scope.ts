import type { RequestSettings } from '../db/request-settings.js';
import type { WriteSession } from '../db/write-transaction.js';
import type { ServiceContext } from './service-context.js';

/**
 * What the stages of one request share: the service, the service root its URLs start with, who
 * asks, and the write transaction it runs in (a `$batch` change set, a read after a write), if any.
 */
export interface RequestScope {
  readonly context: ServiceContext;
  readonly serviceRoot: string;
  readonly caller: RequestSettings;
  readonly session?: WriteSession;
}

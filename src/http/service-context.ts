import type { FastifyBaseLogger } from 'fastify';
import type { Authenticator } from '../auth/authenticate.js';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import type { EdmModel } from '../model/edm-model.js';
import type { CompiledReads } from './compiled-reads.js';

/** The model one role is served, with its `$metadata` documents, built at start. */
export interface ServedModel {
  readonly model: EdmModel;
  readonly metadata: { readonly xml: string; readonly json: string };
}

/** What the OData routes need: built once at start, read by every request. */
export interface ServiceContext {
  readonly config: Config;
  readonly database: Database;
  /** The whole model: what the connection's own role (role null) is served, and what tells a hidden property from an unknown one. */
  readonly model: EdmModel;
  /** The model of a role (field-level security: its sets and columns it may read); null: the connection's own role. */
  modelFor(role: string | null): ServedModel;
  /** Signs and checks `$skiptoken`s: SKIPTOKEN_SECRET, or random for this process. */
  readonly skipTokenSecret: string;
  /** Read requests already parsed, planned and compiled. */
  readonly compiledReads: CompiledReads;
  /** Credentials → who the request runs as. */
  readonly authenticator: Authenticator;
  /** For failures the edge does not see: a `$batch` operation's 5xx, answered inside the batch. */
  readonly log: Pick<FastifyBaseLogger, 'error'>;
}

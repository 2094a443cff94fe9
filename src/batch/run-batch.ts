import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { HttpInput } from '../http/http-input.js';
import { replaceBodyReferences } from './batch-references.js';
import { operationsOf, type BatchGroup, type BatchItem, type BatchOperation, type BatchRequest, type BatchSingle } from './batch-request.js';
import type { HeaderMap } from './header-block.js';
import { resolveTarget, type ServiceRoot } from './resolve-target.js';

/** The answer to one operation, its body collected. */
export interface SubResponse {
  readonly status: number;
  /** Lower-case names, as the pipeline writes them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** How operations reach the pipeline and the database; the batch logic itself does no I/O. */
export interface BatchRunner<Session> {
  /**
   * One request through the pipeline. Alone (no `session`), an ODataError it raises comes back as
   * its error response; inside a transaction it is thrown, for `atomically` to roll back (and run
   * the work again when the error allows it).
   */
  run(input: HttpInput, session: Session | undefined): Promise<SubResponse>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. It may run `work` again. */
  atomically<T>(work: (session: Session) => Promise<T>): Promise<T>;
  /** The error response for `error`. */
  errorResponse(error: ODataError): SubResponse;
}

export interface BatchRunOptions {
  readonly root: ServiceRoot;
  /** Headers of the batch request every operation gets unless it sends its own (credentials). */
  readonly inherited: HeaderMap;
  /** Keep going after an item failed. */
  readonly continueOnError: boolean;
  readonly maxJsonDepth: number;
}

/** How an item ended. */
export interface ItemResult {
  readonly item: BatchItem;
  readonly succeeded: boolean;
  /** One response per operation, in order; in a group that failed, 424 for the operations that did not fail themselves. */
  readonly responses: readonly SubResponse[];
  /** For a group that failed: the response that stands for the whole group, and the operation it came from (none when the commit failed). */
  readonly failure?: { readonly response: SubResponse; readonly operation: BatchOperation | undefined };
}

/** A status that lets dependent requests run and the batch go on. */
function succeeded(response: SubResponse): boolean {
  return response.status < 400;
}

/** The URL of the entity a response names (a create's `Location`), for `$<id>` references to it. */
function entityUrlOf(response: SubResponse): string | undefined {
  return response.headers['location'] ?? response.headers['odata-entityid'];
}

/** Thrown inside a group's transaction to roll it back when an operation failed. */
class GroupFailed extends Error {
  constructor(
    readonly index: number,
    readonly response: SubResponse,
  ) {
    super('an operation of the group failed');
  }
}

/** Runs the items of a batch in order and says how each ended. */
class BatchRun<Session> {
  /** Entity URLs of the operations that succeeded, by request id. */
  private readonly entityUrls = new Map<string, string>();
  /** Whether each request id and atomicity group succeeded. */
  private readonly outcomes = new Map<string, boolean>();

  constructor(
    private readonly runner: BatchRunner<Session>,
    private readonly options: BatchRunOptions,
  ) {}

  async runAll(items: readonly BatchItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = [];
    for (const item of items) {
      const failedDependency = this.failedDependencyOf(item);
      const result =
        failedDependency !== undefined
          ? this.notRun(item, failedDependency)
          : item.kind === 'single'
            ? await this.runSingle(item)
            : await this.runGroup(item);
      for (const operation of operationsOf(item)) if (operation.id !== undefined) this.outcomes.set(operation.id, result.succeeded);
      if (item.kind === 'group' && item.id !== undefined) this.outcomes.set(item.id, result.succeeded);
      results.push(result);
      if (!result.succeeded && !this.options.continueOnError) break;
    }
    return results;
  }

  /** A request id or group the item depends on that did not succeed (a group's dependencies on its own members aside). */
  private failedDependencyOf(item: BatchItem): string | undefined {
    const operations = operationsOf(item);
    const own = new Set(operations.map((operation) => operation.id));
    for (const operation of operations) {
      for (const dependency of operation.dependsOn) if (!own.has(dependency) && this.outcomes.get(dependency) !== true) return dependency;
    }
    return undefined;
  }

  private failedDependencyResponse(message: string): SubResponse {
    return this.runner.errorResponse(new ODataError(424, ErrorCodes.invalidBatch, message));
  }

  private notRun(item: BatchItem, dependency: string): ItemResult {
    const response = this.failedDependencyResponse(`Not run: ${dependency}, which this request depends on, did not succeed`);
    const responses = operationsOf(item).map(() => response);
    return item.kind === 'single' ? { item, succeeded: false, responses } : { item, succeeded: false, responses, failure: { response, operation: undefined } };
  }

  private async runSingle(item: BatchSingle): Promise<ItemResult> {
    const response = await this.runOperation(item.operation, this.entityUrls, undefined);
    if (succeeded(response)) this.remember(this.entityUrls, item.operation, response);
    return { item, succeeded: succeeded(response), responses: [response] };
  }

  private async runGroup(group: BatchGroup): Promise<ItemResult> {
    if (group.operations.length === 0) return { item: group, succeeded: true, responses: [] };
    // The operation running when an error is thrown; none while the transaction commits.
    let running: number | undefined;
    try {
      const { responses, entityUrls } = await this.runner.atomically(async (session) => {
        // Everything an attempt learns starts afresh: a transaction that is run again repeats all of it.
        const known = new Map(this.entityUrls);
        const answered: SubResponse[] = [];
        for (const [index, operation] of group.operations.entries()) {
          running = index;
          const response = await this.runOperation(operation, known, session);
          if (!succeeded(response)) throw new GroupFailed(index, response);
          this.remember(known, operation, response);
          answered.push(response);
        }
        running = undefined;
        return { responses: answered, entityUrls: known };
      });
      for (const [id, url] of entityUrls) this.entityUrls.set(id, url);
      return { item: group, succeeded: true, responses };
    } catch (error) {
      if (error instanceof GroupFailed) return this.failedGroup(group, error.response, error.index);
      if (error instanceof ODataError) return this.failedGroup(group, this.runner.errorResponse(error), running);
      throw error;
    }
  }

  private failedGroup(group: BatchGroup, response: SubResponse, index: number | undefined): ItemResult {
    const operation = index === undefined ? undefined : group.operations[index];
    const rolledBack = this.failedDependencyResponse(`Not applied: ${operation?.id ?? 'a request'} of the same atomicity group failed`);
    const responses = group.operations.map((_, position) => (index === undefined || position === index ? response : rolledBack));
    return { item: group, succeeded: false, responses, failure: { response, operation } };
  }

  private remember(entityUrls: Map<string, string>, operation: BatchOperation, response: SubResponse): void {
    const url = entityUrlOf(response);
    if (operation.id !== undefined && url !== undefined) entityUrls.set(operation.id, url);
  }

  private async runOperation(operation: BatchOperation, entityUrls: ReadonlyMap<string, string>, session: Session | undefined): Promise<SubResponse> {
    let input: HttpInput;
    try {
      input = this.inputOf(operation, entityUrls);
    } catch (error) {
      if (error instanceof ODataError) return this.runner.errorResponse(error);
      throw error;
    }
    return this.runner.run(input, session);
  }

  /** The entity URL a `$<id>` stands for, relative to the service root. */
  private entityPathOf(id: string, entityUrls: ReadonlyMap<string, string>): string {
    const url = entityUrls.get(id);
    if (url === undefined) throw new ODataError(400, ErrorCodes.invalidBatch, `$${id} does not name an entity: request ${id} returned no Location`);
    return resolveTarget(url, this.options.root).path;
  }

  /** The operation as a request of its own: references replaced, URL resolved, the batch's credentials added. */
  private inputOf(operation: BatchOperation, entityUrls: ReadonlyMap<string, string>): HttpInput {
    const { url } = operation;
    const target = url.kind === 'resolved' ? url : resolveTarget(`${this.entityPathOf(url.id, entityUrls)}${url.rest}`, this.options.root);
    const body =
      operation.body !== undefined && operation.bodyReferences.length > 0
        ? replaceBodyReferences(operation.body, this.options.maxJsonDepth, (id) => this.entityPathOf(id, entityUrls))
        : operation.body;
    return {
      method: operation.method,
      path: target.path,
      query: target.query,
      headers: { ...this.options.inherited, ...operation.headers },
      ...(body === undefined ? {} : { body }),
    };
  }
}

/**
 * Runs a batch: items in order, a group (change set, atomicity group) in one transaction that
 * rolls back at its first failing operation, `$<id>` references replaced by the URL of the entity
 * the named request created. A request whose `dependsOn` did not succeed answers 424 without
 * running. Unless `continueOnError`, the run stops after the first item that failed.
 */
export function runBatch<Session>(batch: BatchRequest, runner: BatchRunner<Session>, options: BatchRunOptions): Promise<ItemResult[]> {
  return new BatchRun(runner, options).runAll(batch.items);
}

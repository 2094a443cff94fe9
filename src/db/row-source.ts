export type Row = Record<string, unknown>;

/** The rows of one statement as they arrive from the database. */
export interface RowSource {
  /** Every row has arrived: the statement is over. */
  readonly complete: boolean;
  /** Removes and returns the rows that have arrived and were not read yet. */
  take(): Row[];
  /**
   * The next row, waiting for it if need be; `undefined` after the last, once the connection is
   * back in the pool. Rejects with the statement's failure.
   */
  next(): Promise<Row | undefined>;
  /** Stops reading: rows still to come are dropped. Resolves once the connection is back in the pool. */
  close(): Promise<void>;
}

/** Holds a connection's socket back while its reader is behind. */
export interface FlowControl {
  pause(): void;
  resume(): void;
}

/** Rows waiting to be read beyond this many pause the socket they come from (backpressure on the database). */
const HIGH_WATER = 4;
/**
 * Nor may the text waiting be more than this many characters: a row of an expanded collection can
 * be hundreds of KB, and a few of them for each of many requests would add up.
 */
const HIGH_WATER_CHARS = 256 * 1024;

/** The characters of a row's text columns (the JSON chunks Postgres built). */
function charsOf(row: Row): number {
  let chars = 0;
  for (const value of Object.values(row)) if (typeof value === 'string') chars += value.length;
  return chars;
}

/**
 * The driver side of a `RowSource`: the driver pushes rows and finally reports the statement's
 * end (with its failure, if any); `released` is the connection going back to the pool after the
 * end. While more than a few rows (or a few hundred KB of text) wait, the socket is paused, so a slow reader holds the rest back
 * in Postgres and in the kernel's buffers rather than in this process.
 */
export class RowBuffer implements RowSource {
  private readonly rows: Row[] = [];
  /** Characters of text in `rows`. */
  private chars = 0;
  private ended = false;
  private arrived = false;
  private failure: { readonly error: unknown } | undefined;
  private dropping = false;
  private paused = false;
  private waiters: (() => void)[] = [];
  private released: Promise<void> | undefined;

  constructor(private readonly flow: FlowControl) {}

  get complete(): boolean {
    return (this.arrived || this.ended) && this.failure === undefined;
  }

  push(row: Row): void {
    if (this.dropping) return;
    this.rows.push(row);
    this.chars += charsOf(row);
    if ((this.rows.length > HIGH_WATER || this.chars > HIGH_WATER_CHARS) && !this.paused) {
      this.paused = true;
      this.flow.pause();
    }
    this.wake();
  }

  /**
   * The last row is here (the driver saw the statement complete): said at once, so that a reader
   * woken by the first row already knows whether more will come.
   */
  allArrived(): void {
    this.arrived = true;
    this.wake();
  }

  /** The statement is over; `released` settles when its connection is back in the pool. */
  end(released: Promise<void>, failure?: { readonly error: unknown }): void {
    this.ended = true;
    this.released = released;
    this.failure = failure;
    this.wake();
  }

  take(): Row[] {
    const taken = this.rows.splice(0);
    this.chars = 0;
    this.resumeFlow();
    return taken;
  }

  async next(): Promise<Row | undefined> {
    for (;;) {
      const row = this.rows.shift();
      if (row !== undefined) {
        this.chars -= charsOf(row);
        if (this.rows.length === 0) this.resumeFlow();
        return row;
      }
      if (this.ended) {
        await this.released;
        if (this.failure !== undefined) throw this.failure.error;
        return undefined;
      }
      await this.change();
    }
  }

  async close(): Promise<void> {
    this.dropping = true;
    this.rows.length = 0;
    this.chars = 0;
    this.resumeFlow();
    while (!this.ended) {
      await this.change();
    }
    await this.released;
  }

  /**
   * Resolves at the first row, or at the end when there is none. When the statement failed before
   * any row, rejects with its failure once the connection is back.
   */
  async firstArrival(): Promise<void> {
    while (this.rows.length === 0 && !this.ended) await this.change();
    if (this.rows.length === 0 && this.failure !== undefined) {
      await this.released;
      throw this.failure.error;
    }
  }

  private resumeFlow(): void {
    if (!this.paused) return;
    this.paused = false;
    this.flow.resume();
  }

  /** Resolves at the next row or at the end. */
  private change(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiters.push(resolve);
    });
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

const NO_FLOW: FlowControl = { pause: () => undefined, resume: () => undefined };

/** Rows already collected (a read inside a write transaction), as a source that holds nothing open. */
export function rowSourceOf(rows: readonly Row[]): RowSource {
  const buffer = new RowBuffer(NO_FLOW);
  for (const row of rows) buffer.push(row);
  buffer.allArrived();
  buffer.end(Promise.resolve());
  return buffer;
}

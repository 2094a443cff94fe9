import { describe, expect, it } from 'vitest';
import { RowBuffer } from '../../../src/db/row-source.js';

function flowLog(): { readonly calls: string[]; pause(): void; resume(): void } {
  const calls: string[] = [];
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume') };
}

/** A release that the test settles by hand, to see who waits for it. */
function pendingRelease(): { readonly promise: Promise<void>; settle(): void; readonly settled: () => boolean } {
  let done = false;
  let settle = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    settle = () => {
      done = true;
      resolve();
    };
  });
  return { promise, settle, settled: () => done };
}

const row = (n: number): Record<string, unknown> => ({ n });

describe('RowBuffer', () => {
  it('hands rows over in order, then undefined once the connection is back', async () => {
    const rows = new RowBuffer(flowLog());
    rows.push(row(1));
    rows.push(row(2));
    const release = pendingRelease();
    rows.end(release.promise);
    expect(rows.complete).toBe(true);
    expect(await rows.next()).toEqual(row(1));
    expect(await rows.next()).toEqual(row(2));
    let last: unknown = 'pending';
    const ending = rows.next().then((value) => {
      last = value;
    });
    await Promise.resolve();
    expect(last).toBe('pending');
    release.settle();
    await ending;
    expect(last).toBeUndefined();
  });

  it('is complete as soon as the last row is said to be here, before the connection is back', async () => {
    const rows = new RowBuffer(flowLog());
    rows.push(row(1));
    expect(rows.complete).toBe(false);
    rows.allArrived();
    expect(rows.complete).toBe(true);
    expect(await rows.next()).toEqual(row(1));
    let last: unknown = 'pending';
    const ending = rows.next().then((value) => {
      last = value;
    });
    await Promise.resolve();
    expect(last).toBe('pending');
    const release = pendingRelease();
    rows.end(release.promise);
    await Promise.resolve();
    expect(last).toBe('pending');
    release.settle();
    await ending;
    expect(last).toBeUndefined();
  });

  it('waits for rows that are still to come', async () => {
    const rows = new RowBuffer(flowLog());
    const first = rows.next();
    const second = rows.next();
    rows.push(row(1));
    rows.push(row(2));
    expect(await first).toEqual(row(1));
    expect(await second).toEqual(row(2));
    expect(rows.complete).toBe(false);
  });

  it('pauses the socket while more than 4 rows wait and resumes it once they are read', async () => {
    const flow = flowLog();
    const rows = new RowBuffer(flow);
    for (let n = 1; n <= 4; n++) rows.push(row(n));
    expect(flow.calls).toEqual([]);
    rows.push(row(5));
    rows.push(row(6));
    expect(flow.calls).toEqual(['pause']);
    expect(rows.take()).toEqual([1, 2, 3, 4, 5, 6].map(row));
    expect(flow.calls).toEqual(['pause', 'resume']);
    for (let n = 7; n <= 11; n++) rows.push(row(n));
    expect(flow.calls).toEqual(['pause', 'resume', 'pause']);
    for (let n = 7; n <= 10; n++) expect(await rows.next()).toEqual(row(n));
    expect(flow.calls).toEqual(['pause', 'resume', 'pause']);
    expect(await rows.next()).toEqual(row(11));
    expect(flow.calls).toEqual(['pause', 'resume', 'pause', 'resume']);
  });

  it('pauses the socket while more than 256 K characters of text wait, even in fewer rows, and counts what was read', async () => {
    const flow = flowLog();
    const rows = new RowBuffer(flow);
    const chunk = (n: number, chars: number) => ({ n, value: 'x'.repeat(chars), count: null });
    rows.push(chunk(1, 200 * 1024));
    expect(flow.calls).toEqual([]);
    rows.push(chunk(2, 100 * 1024));
    expect(flow.calls).toEqual(['pause']);
    expect((await rows.next())?.['n']).toBe(1);
    expect(flow.calls).toEqual(['pause']);
    expect((await rows.next())?.['n']).toBe(2);
    expect(flow.calls).toEqual(['pause', 'resume']);
    rows.push(chunk(3, 200 * 1024));
    expect(flow.calls).toEqual(['pause', 'resume']);
    rows.push(chunk(4, 50 * 1024));
    expect(flow.calls).toEqual(['pause', 'resume']);
  });

  it('resolves firstArrival at the first row, or at an empty end', async () => {
    const rows = new RowBuffer(flowLog());
    let arrived = false;
    const arrival = rows.firstArrival().then(() => {
      arrived = true;
    });
    await Promise.resolve();
    expect(arrived).toBe(false);
    rows.push(row(1));
    await arrival;
    expect(arrived).toBe(true);

    const empty = new RowBuffer(flowLog());
    empty.end(Promise.resolve());
    await empty.firstArrival();
    expect(empty.take()).toEqual([]);
    expect(empty.complete).toBe(true);
  });

  it('rejects firstArrival with a failure before any row, after the connection is back', async () => {
    const rows = new RowBuffer(flowLog());
    const release = pendingRelease();
    const failure = new Error('division by zero');
    const arrival = rows.firstArrival();
    rows.end(release.promise, { error: failure });
    expect(rows.complete).toBe(false);
    let outcome: unknown = 'pending';
    const settled = arrival.then(
      () => 'resolved',
      (error: unknown) => {
        outcome = error;
      },
    );
    await Promise.resolve();
    await Promise.resolve();
    expect(outcome).toBe('pending');
    release.settle();
    await settled;
    expect(outcome).toBe(failure);
  });

  it('gives the rows that came before a failure, then rejects with it', async () => {
    const rows = new RowBuffer(flowLog());
    rows.push(row(1));
    await rows.firstArrival();
    const failure = new Error('statement timeout');
    rows.end(Promise.resolve(), { error: failure });
    expect(await rows.next()).toEqual(row(1));
    await expect(rows.next()).rejects.toBe(failure);
  });

  it('close drops what is waiting and what still comes, resumes the socket and waits for the release', async () => {
    const flow = flowLog();
    const rows = new RowBuffer(flow);
    for (let n = 1; n <= 6; n++) rows.push(row(n));
    let closed = false;
    const closing = rows.close().then(() => {
      closed = true;
    });
    expect(flow.calls).toEqual(['pause', 'resume']);
    rows.push(row(7));
    expect(rows.take()).toEqual([]);
    await Promise.resolve();
    expect(closed).toBe(false);
    const release = pendingRelease();
    rows.end(release.promise);
    await Promise.resolve();
    await Promise.resolve();
    expect(closed).toBe(false);
    release.settle();
    await closing;
    expect(closed).toBe(true);
    expect(release.settled()).toBe(true);
  });

  it('wakes a pending read and a close alike at the end', async () => {
    const rows = new RowBuffer(flowLog());
    const reading = rows.next();
    const closing = rows.close();
    rows.end(Promise.resolve());
    await expect(reading).resolves.toBeUndefined();
    await expect(closing).resolves.toBeUndefined();
  });
});

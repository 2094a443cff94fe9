import type { RequestSpec } from './run-load.js';

/** One answer to a request's first path, looked at before the load. */
export interface Probe {
  readonly status: number;
  readonly bytes: number;
  /** Entities in the answer: the length of `value`, 1 for a single entity, 0 for an error. */
  readonly rows: number;
}

function countRows(status: number, text: string): number {
  if (status < 200 || status > 299) return 0;
  try {
    const body = JSON.parse(text) as { value?: unknown };
    return Array.isArray(body.value) ? body.value.length : 1;
  } catch {
    return 0;
  }
}

/** Sends the first request of `request` once. */
export async function probeRequest(origin: string, request: RequestSpec): Promise<Probe> {
  const response = await fetch(`${origin}${request.paths[0] ?? '/'}`, { headers: request.headers });
  const text = await response.text();
  return { status: response.status, bytes: Buffer.byteLength(text), rows: countRows(response.status, text) };
}

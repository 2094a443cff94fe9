import type { ODataResponse } from '../response/odata-response.js';

/** A response's body in hand: a page still streaming from the database is read to its end. */
export async function collectBody(body: ODataResponse['body']): Promise<Buffer> {
  if (body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if ('parts' in body) return Buffer.from(body.parts.join(''), 'utf8');
  const pieces: string[] = [];
  try {
    for (let piece = await body.next(); piece !== null; piece = await body.next()) pieces.push(piece);
  } finally {
    await body.close();
  }
  return Buffer.from(pieces.join(''), 'utf8');
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A token the service hands out and takes back: its JSON payload in base64url, a dot, and the
 * HMAC-SHA256 of that text under the service's secret. Opaque to clients, and any change to it
 * (or a token of another service) fails the signature.
 */
function signature(body: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

export function signToken(payload: object, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${signature(body, secret).toString('base64url')}`;
}

/** The payload of a token signed with `secret`, or null when it is not one (malformed, altered, or signed otherwise). */
export function verifyToken(token: string, secret: string): Record<string, unknown> | null {
  const [body = '', mac = '', ...rest] = token.split('.');
  if (rest.length > 0 || body.length === 0) return null;
  const expected = signature(body, secret);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

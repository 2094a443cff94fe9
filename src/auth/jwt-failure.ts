import { errors } from 'jose';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';

/**
 * An RFC 6750 `WWW-Authenticate` challenge. `description` is one of this module's fixed
 * sentences (no quotes, nothing from the request), so it needs no escaping.
 */
export function bearerChallenge(error: 'invalid_request' | 'invalid_token' | 'insufficient_scope', description: string): Record<string, string> {
  return { 'www-authenticate': `Bearer error="${error}", error_description="${description}"` };
}

/**
 * The 401 for a token `jwtVerify` refused, with a short reason that never quotes the token or
 * its claims (the jose error is not kept as cause: it carries the claims). Errors that are not
 * jose's (an ODataError from key resolution, a bug) pass through unchanged.
 */
export function rejectedToken(error: unknown): unknown {
  if (!(error instanceof errors.JOSEError)) return error;
  const reason = reasonOf(error);
  return new ODataError(401, ErrorCodes.unauthenticated, reason, { headers: bearerChallenge('invalid_token', reason) });
}

function reasonOf(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return 'The token lacks a required claim';
    if (error.reason === 'check_failed' && error.claim === 'nbf') return 'The token is not valid yet';
    if (error.reason === 'check_failed' && error.claim === 'aud') return 'The token is for another audience';
    if (error.reason === 'check_failed' && error.claim === 'iss') return 'The token is from an untrusted issuer';
    return 'The token has invalid claims';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return 'The token is signed with an unknown key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The token signing algorithm is not allowed';
  return 'The token is malformed';
}

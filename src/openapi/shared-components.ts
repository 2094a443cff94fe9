import type { ResponseOrRef, SwaggerParameter, SwaggerResponse, SwaggerSchema } from './swagger-document.js';

/** The name under `definitions` of the OData error body. */
export const ERROR_DEFINITION = 'ODataError';

/** The OData error body (OData JSON Format §21): code and message, the target, details, and the request id in `innererror`. */
export const errorSchema: SwaggerSchema = {
  type: 'object',
  description: 'An OData error.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      description: 'The error.',
      'x-ms-summary': 'Error',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'A code for programs, such as InvalidFilter.', 'x-ms-summary': 'Error code' },
        message: { type: 'string', description: 'What went wrong, for people.', 'x-ms-summary': 'Error message' },
        target: { type: 'string', description: 'The option, property or header at fault.', 'x-ms-summary': 'Error target' },
        details: {
          type: 'array',
          description: 'Each problem found, when there are several.',
          'x-ms-summary': 'Error details',
          items: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string', description: 'A code for programs.', 'x-ms-summary': 'Detail code' },
              message: { type: 'string', description: 'What went wrong, for people.', 'x-ms-summary': 'Detail message' },
              target: { type: 'string', description: 'The property at fault.', 'x-ms-summary': 'Detail target' },
            },
          },
        },
        innererror: {
          type: 'object',
          description: 'What helps find the request in the service log.',
          'x-ms-summary': 'Inner error',
          properties: {
            requestId: { type: 'string', description: 'The id of the request, also in its x-request-id header and log line.', 'x-ms-summary': 'Request id' },
          },
        },
      },
    },
  },
};

/** The query options of a list, shared by every list operation. */
export const listParameters: Readonly<Record<string, SwaggerParameter>> = {
  filter: {
    name: '$filter',
    in: 'query',
    type: 'string',
    required: false,
    description: "An OData filter expression that rows must match, such as price gt 10 and startswith(name,'A').",
    'x-ms-summary': 'Filter rows',
    'x-ms-visibility': 'advanced',
  },
  select: {
    name: '$select',
    in: 'query',
    type: 'string',
    required: false,
    description: 'The properties to return, separated by commas; all of them when empty.',
    'x-ms-summary': 'Select columns',
    'x-ms-visibility': 'advanced',
  },
  orderby: {
    name: '$orderby',
    in: 'query',
    type: 'string',
    required: false,
    description: 'The properties to sort by, separated by commas, each followed by asc or desc.',
    'x-ms-summary': 'Sort by',
    'x-ms-visibility': 'advanced',
  },
  top: {
    name: '$top',
    in: 'query',
    type: 'integer',
    format: 'int32',
    minimum: 0,
    required: false,
    description: 'The most rows to return in all; pages follow until this many have been returned.',
    'x-ms-summary': 'Row count',
    'x-ms-visibility': 'advanced',
  },
  skip: {
    name: '$skip',
    in: 'query',
    type: 'integer',
    format: 'int32',
    minimum: 0,
    required: false,
    description: 'How many matching rows to leave out before the first one returned.',
    'x-ms-summary': 'Skip rows',
    'x-ms-visibility': 'advanced',
  },
  count: {
    name: '$count',
    in: 'query',
    type: 'boolean',
    required: false,
    description: 'Whether the answer also says how many rows match the filter in all.',
    'x-ms-summary': 'Include count',
    'x-ms-visibility': 'advanced',
  },
};

/** The headers of writes: the ETag condition and the preference that returns the row written. */
export const writeParameters: Readonly<Record<string, SwaggerParameter>> = {
  ifMatch: {
    name: 'If-Match',
    in: 'header',
    type: 'string',
    required: false,
    description: 'The ETag the row must still have (its @odata.etag), so that a newer change is not overwritten; * for any version.',
    'x-ms-summary': 'If match',
    'x-ms-visibility': 'advanced',
  },
  returnRepresentation: {
    name: 'Prefer',
    in: 'header',
    type: 'string',
    required: true,
    default: 'return=representation',
    enum: ['return=representation'],
    description: 'Asks for the row as written in the answer.',
    'x-ms-summary': 'Prefer',
    'x-ms-visibility': 'internal',
  },
};

const errorResponse = (description: string): SwaggerResponse => ({ description, schema: { $ref: `#/definitions/${ERROR_DEFINITION}` } });

/** The error answers of the service, by HTTP status. */
export const errorResponses = {
  '400': errorResponse('The request is not valid: a malformed option, an unknown property, a wrong value.'),
  '401': errorResponse('The connection sent no valid credentials.'),
  '403': errorResponse('The connection may not do this.'),
  '404': errorResponse('No row has this key.'),
  '409': errorResponse('The change conflicts with another row or a relationship.'),
  '412': errorResponse('The row has changed since the ETag in If-Match was read, or a condition did not hold.'),
  '429': errorResponse('Too many requests: wait as long as the Retry-After header says.'),
  '500': errorResponse('The service failed; the error names the request id to look for in its log.'),
} as const satisfies Record<string, SwaggerResponse>;

export type ErrorStatus = keyof typeof errorResponses;

/** Names under `responses` of the error answers. */
const ERROR_RESPONSE_NAMES: Readonly<Record<ErrorStatus, string>> = {
  '400': 'BadRequest',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'NotFound',
  '409': 'Conflict',
  '412': 'PreconditionFailed',
  '429': 'TooManyRequests',
  '500': 'ServerError',
};

/** The document's shared `responses`. */
export function sharedResponses(): Record<string, SwaggerResponse> {
  return Object.fromEntries((Object.keys(errorResponses) as ErrorStatus[]).map((status) => [ERROR_RESPONSE_NAMES[status], errorResponses[status]]));
}

/** References to the shared error answers for the given statuses. */
export function errorRefs(statuses: readonly ErrorStatus[]): Record<string, ResponseOrRef> {
  return Object.fromEntries(statuses.map((status) => [status, { $ref: `#/responses/${ERROR_RESPONSE_NAMES[status]}` }]));
}

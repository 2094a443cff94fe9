/**
 * The catalogue of error codes, grouped by the stage that raises them: parse 1xx, plan/model 2xx,
 * auth 3xx, db 4xx, protocol/http 5xx. A retired code is never reused.
 */
export const ErrorCodes = {
  // parse
  syntax: 'OF101',
  inputTooLong: 'OF102',
  nestingTooDeep: 'OF103',
  tooManyNodes: 'OF104',
  invalidQueryOption: 'OF105',
  duplicateQueryOption: 'OF106',
  unknownAlias: 'OF107',
  invalidLiteral: 'OF108',
  // plan / model
  unknownEntitySet: 'OF201',
  unknownProperty: 'OF202',
  typeMismatch: 'OF203',
  invalidKey: 'OF204',
  entityNotFound: 'OF205',
  notImplemented: 'OF206',
  unknownFunction: 'OF207',
  invalidArgument: 'OF208',
  noContent: 'OF209',
  notAddressable: 'OF210',
  limitExceeded: 'OF211',
  invalidModelConfig: 'OF212',
  // auth
  unauthenticated: 'OF301',
  forbidden: 'OF302',
  tooManyRequests: 'OF303',
  authUnavailable: 'OF304',
  // db
  databaseUnavailable: 'OF401',
  queryFailed: 'OF402',
  permissionDenied: 'OF403',
  invalidValue: 'OF404',
  conflict: 'OF405',
  queryCanceled: 'OF406',
  databaseBusy: 'OF407',
  constraintViolated: 'OF408',
  referenced: 'OF409',
  writeConflict: 'OF410',
  // protocol
  methodNotAllowed: 'OF501',
  notAcceptable: 'OF502',
  unsupportedVersion: 'OF503',
  notFound: 'OF504',
  requestRejected: 'OF505',
  invalidPrecondition: 'OF506',
  preconditionFailed: 'OF507',
  preconditionRequired: 'OF508',
  unsupportedMediaType: 'OF509',
  invalidBody: 'OF510',
  payloadTooLarge: 'OF511',
  readOnlySet: 'OF512',
  invalidBinding: 'OF513',
  invalidBatch: 'OF514',
  connectorUnavailable: 'OF515',
  deltaLinkExpired: 'OF516',
  internal: 'OF599',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

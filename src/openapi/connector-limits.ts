/** Power Platform's limits for a custom connector definition. */
export const MAX_OPERATIONS = 256;
export const MAX_DEFINITION_BYTES = 1024 * 1024;

/** The definition cannot be built as configured: too large, or naming sets the model lacks. */
export class ConnectorDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectorDefinitionError';
  }
}

const LIMIT_ADVICE = 'list the entity sets it should describe in CONNECTOR_ENTITY_SETS';

/** Throws when the definition has more operations or bytes than Power Platform takes. */
export function checkConnectorLimits(operations: number, bytes: number): void {
  if (operations > MAX_OPERATIONS) {
    throw new ConnectorDefinitionError(`The connector definition would have ${operations} operations, more than the ${MAX_OPERATIONS} Power Platform takes: ${LIMIT_ADVICE}`);
  }
  if (bytes > MAX_DEFINITION_BYTES) {
    throw new ConnectorDefinitionError(`The connector definition would be ${bytes} bytes, more than the ${MAX_DEFINITION_BYTES} Power Platform takes: ${LIMIT_ADVICE}`);
  }
}

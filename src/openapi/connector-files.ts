import type { EdmModel } from '../model/edm-model.js';
import { buildApiProperties } from './build-api-properties.js';
import { buildConnector } from './build-connector.js';
import type { ConnectorSettings } from './connector-settings.js';
import { formatConnectorReadme } from './format-connector-readme.js';

/** A file of the connector folder: its name and its whole text. */
export interface ConnectorFile {
  readonly name: string;
  readonly text: string;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The files `npm run connector` writes to `openapi/`, as text, in a fixed order. */
export function connectorFiles(model: EdmModel, settings: ConnectorSettings): readonly ConnectorFile[] {
  const document = buildConnector(model, settings);
  return [
    { name: 'apiDefinition.swagger.json', text: json(document) },
    { name: 'apiProperties.json', text: json(buildApiProperties(document, settings)) },
    { name: 'README.md', text: formatConnectorReadme(document, settings) },
  ];
}

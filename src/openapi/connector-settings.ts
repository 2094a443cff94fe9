import type { Config } from '../config/config.js';

/** What the connector generator reads of the configuration. */
export type ConnectorSettings = Pick<Config, 'connector' | 'publicUrl' | 'port' | 'basePath'>;

/** Where a connection reaches the service: PUBLIC_URL's origin, else this machine (each connection then gives its own URL). */
export interface ConnectorHost {
  readonly host: string;
  readonly scheme: 'http' | 'https';
  /** The service root, `https://data.example.com/odata`. */
  readonly serviceRoot: string;
  /** No PUBLIC_URL: each connection names the service's URL (the `dynamichosturl` policy). */
  readonly varies: boolean;
}

export function connectorHost(settings: ConnectorSettings): ConnectorHost {
  const base = settings.basePath === '/' ? '' : settings.basePath;
  if (settings.publicUrl === undefined) {
    const host = `localhost:${settings.port}`;
    return { host, scheme: 'http', serviceRoot: `http://${host}${base}`, varies: true };
  }
  const url = new URL(settings.publicUrl);
  return { host: url.host, scheme: url.protocol === 'https:' ? 'https' : 'http', serviceRoot: `${url.origin}${base}`, varies: false };
}

/** The page the connector metadata names as the service's website unless CONNECTOR_WEBSITE does. */
export function connectorWebsite(settings: ConnectorSettings): string {
  const host = connectorHost(settings);
  return settings.connector.website ?? `${host.scheme}://${host.host}/docs`;
}

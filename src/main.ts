import { buildApp } from './app.js';
import { ApiKeyConfigError } from './auth/api-keys.js';
import { ConfigError, loadConfig } from './config/config.js';
import { ModelConfigError } from './model/model-config.js';

function fail(message: string): never {
  process.stderr.write(`odata-facade: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config);
  if (config.database.kind === 'embedded') {
    app.log.info(`embedded PGlite database at ${config.database.dataDir ?? 'memory (not persisted)'}`);
  }
  await app.listen({ port: config.port, host: config.host });
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => fail('shutdown timed out'), config.shutdownTimeoutMs);
    timer.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => fail(`shutdown failed: ${String(error)}`),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ModelConfigError || error instanceof ApiKeyConfigError) fail(error.message);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|28P01|3D000|28000)$/.test(code)) {
    fail(`cannot connect to the database (${code})`);
  }
  fail(`start failed: ${error instanceof Error ? error.message : String(error)}`);
});

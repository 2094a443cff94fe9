import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkAuditInstalled } from '../db/audit-install.js';
import { loadServiceModel } from '../load-service-model.js';
import { connectorFiles, type ConnectorFile } from '../openapi/connector-files.js';
import { UsageError, type Command } from './command.js';
import { withMigratedDatabase } from './database-session.js';

async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Writes the connector files to `out`, or with `check` only compares them and fails naming those that differ. */
async function writeConnectorFiles(files: readonly ConnectorFile[], out: string, check: boolean): Promise<void> {
  if (check) {
    const stale: string[] = [];
    for (const file of files) if ((await readIfPresent(join(out, file.name))) !== file.text) stale.push(join(out, file.name));
    if (stale.length > 0) throw new Error(`out of date: ${stale.join(', ')}; run "npm run connector" and commit the result`);
    console.log(`Connector: ${files.map((file) => join(out, file.name)).join(', ')} are up to date.`);
    return;
  }
  await mkdir(out, { recursive: true });
  for (const file of files) {
    await writeFile(join(out, file.name), file.text);
    console.log(`Connector: wrote ${join(out, file.name)} (${Buffer.byteLength(file.text)} bytes)`);
  }
}

/** The command that writes the Power Platform connector files. */
export const connectorCommands: Readonly<Record<string, Command>> = {
  connector: {
    summary: 'write the Power Platform custom connector (apiDefinition.swagger.json, apiProperties.json, README.md) of the served model to DIR (default openapi); --check compares instead',
    usage: 'connector [--out DIR] [--check]',
    options: { out: { type: 'string' }, check: { type: 'boolean' } },
    async run(values, config) {
      const out = values['out'] ?? 'openapi';
      if (typeof out !== 'string' || out.length === 0) throw new UsageError('connector: --out needs a folder');
      const settings = config();
      await withMigratedDatabase(settings, async (database) => {
        if (settings.audit) await checkAuditInstalled(database.knex);
        const { model } = await loadServiceModel(database.knex, settings);
        await writeConnectorFiles(connectorFiles(model, settings), out, values['check'] === true);
      });
    },
  },
};

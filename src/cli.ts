#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/config.js';
import { UsageError, type Command, type Values } from './cli/command.js';
import { connectorCommands } from './cli/connector-commands.js';
import { dataverseCommands } from './cli/dataverse-commands.js';
import { demoCommands } from './cli/demo-commands.js';
import { keysCommands } from './cli/keys-commands.js';
import { trackChangesCommands } from './cli/track-changes-command.js';

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

/** Drivers may echo the connection string in an error; its password never reaches the output. */
function redactSecrets(message: string): string {
  return message.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@').split('\n')[0] ?? '';
}

/** Every command, in the order the help lists them. */
const commands: Readonly<Record<string, Command>> = {
  ...demoCommands,
  ...connectorCommands,
  ...dataverseCommands,
  ...trackChangesCommands,
  ...keysCommands,
};

/** Usage texts longer than this get their summary on a line of its own. */
const USAGE_COLUMN = 24;

function usage(): string {
  const lines = Object.values(commands).map((command) =>
    command.usage.length <= USAGE_COLUMN
      ? `  ${command.usage.padEnd(USAGE_COLUMN)}  ${command.summary}`
      : `  ${command.usage}\n  ${' '.repeat(USAGE_COLUMN)}  ${command.summary}`,
  );
  return [
    'Usage: odata-facade <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help  show this help',
    '',
    'The database comes from DATABASE_URL, else the embedded PGlite folder EMBEDDED_DATA_DIR (default .data/pglite).',
  ].join('\n');
}

function commandUsage(name: string, command: Command): string {
  return `Usage: odata-facade ${command.usage}\n\n${name}: ${command.summary}`;
}

function parseCommandArgs(name: string, command: Command, args: readonly string[]): { values: Values; positionals: string[] } {
  try {
    return parseArgs({
      args: [...args],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.positionals === true,
      strict: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${name}: ${message}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    console.log(usage());
    return EXIT_OK;
  }
  if (name === undefined) {
    console.error(usage());
    return EXIT_USAGE;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    console.error(`Unknown command "${name}". Run "odata-facade --help" for the list of commands.`);
    return EXIT_USAGE;
  }
  try {
    const { values, positionals } = parseCommandArgs(name, command, rest);
    if (values['help'] === true) {
      console.log(commandUsage(name, command));
      return EXIT_OK;
    }
    await command.run(values, () => loadConfig(), positionals);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      return EXIT_FAILURE;
    }
    console.error(`${name} failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`);
    return EXIT_FAILURE;
  }
}

process.exitCode = await main(process.argv.slice(2));

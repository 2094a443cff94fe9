import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config/config.js';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** A bad command line: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** One command of the command line: its help, its options, and what it does. */
export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: Options;
  /** The command takes arguments that are not options (`track-changes enable Products`); others refuse them. */
  readonly positionals?: boolean;
  /** Validates `values` and `positionals` first, so that a bad argument fails before the environment is read. */
  run(values: Values, config: () => Config, positionals: readonly string[]): Promise<void>;
}

/** Where a command says what it does: stdout, or stderr when stdout carries its result (`--json`). */
export type Log = (line: string) => void;

/** The values of an option given several times (`--set A --set B`). */
export function textList(value: Values[string]): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

/** `20261126T190501Z`: a migration's time, to name and order its file. */
export function migrationStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

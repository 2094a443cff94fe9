import { readFileSync } from 'node:fs';

/**
 * The node flags the service starts with, from package.json's `start` script
 * (`exec node <flags> dist/src/main.js`): the benchmark runs the service as `npm start` does.
 */
export function serviceNodeFlags(packageJsonPath: string): string[] {
  const { scripts } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { scripts?: Record<string, string> };
  const start = scripts?.['start'] ?? '';
  const match = /\bnode((?:\s+--\S+)*)\s+\S+\.js\b/.exec(start);
  if (match === null) throw new Error(`package.json's start script does not run node on a .js file: ${start}`);
  return (match[1] ?? '').trim().split(/\s+/).filter((flag) => flag.length > 0);
}

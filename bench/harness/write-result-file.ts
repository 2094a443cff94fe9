import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** `bench/results/` of the repository: npm runs scripts from the package root, compiled or not. */
const RESULTS = pathToFileURL(`${path.resolve('bench', 'results')}/`);

/** Writes `bench/results/<name>-<YYYY-MM-DD>.md` (a second run on the same day replaces it); returns the path. */
export async function writeResultFile(name: string, markdown: string, date: Date = new Date()): Promise<string> {
  const file = new URL(`${name}-${date.toISOString().slice(0, 10)}.md`, RESULTS);
  await mkdir(RESULTS, { recursive: true });
  await writeFile(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return fileURLToPath(file);
}

import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const RESULTS = new URL('../results/', import.meta.url);

/** Writes `bench/results/<name>-<YYYY-MM-DD>.md` (a second run on the same day replaces it); returns the path. */
export async function writeResultFile(name: string, markdown: string, date: Date = new Date()): Promise<string> {
  const file = new URL(`${name}-${date.toISOString().slice(0, 10)}.md`, RESULTS);
  await mkdir(RESULTS, { recursive: true });
  await writeFile(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return fileURLToPath(file);
}

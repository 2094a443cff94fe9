import { readFile, writeFile } from 'node:fs/promises';
import { expect } from 'vitest';

const goldenDir = new URL('../golden/', import.meta.url);

/** `actual` equals the text of `test/golden/<name>` exactly; `UPDATE_GOLDEN=1` rewrites the file instead (review the diff). */
export async function expectGolden(name: string, actual: string): Promise<void> {
  const file = new URL(name, goldenDir);
  if (process.env['UPDATE_GOLDEN'] === '1') await writeFile(file, actual);
  expect(actual).toBe(await readFile(file, 'utf8'));
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A path under `shared/external/odata/`, the OASIS material that lies beside the repository (as
 * CI lays it out). Missing material fails the tests that need it loudly, never skips them.
 */
export function oasisPath(...segments: string[]): string {
  const folder = path.resolve(repoRoot, '..', 'shared', 'external', 'odata');
  if (!existsSync(folder)) {
    throw new Error(`The OASIS material is missing: expected ${folder} beside the repository (shared/ as CI lays it out)`);
  }
  return path.join(folder, ...segments);
}

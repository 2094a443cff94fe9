import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceNodeFlags } from '../../../bench/server/service-command.js';

describe('serviceNodeFlags', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'service-command-'));
  });
  afterAll(async () => rm(folder, { recursive: true, force: true }));

  async function flagsOf(start: string): Promise<string[]> {
    const file = join(folder, `${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify({ scripts: { start } }));
    return serviceNodeFlags(file);
  }

  it("reads the node flags of this project's start script", () => {
    const flags = serviceNodeFlags(fileURLToPath(new URL('../../../package.json', import.meta.url)));
    expect(flags).toEqual(['--max-semi-space-size=8']);
  });

  it('reads none, one or several flags, and refuses a start script that does not run node on a .js file', async () => {
    expect(await flagsOf('exec node dist/src/main.js')).toEqual([]);
    expect(await flagsOf('exec node --a=1 --b dist/src/main.js')).toEqual(['--a=1', '--b']);
    await expect(flagsOf('tsx src/main.ts')).rejects.toThrow(/does not run node/);
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../support/free-port.js';

const run = promisify(execFile);

async function start(env: Record<string, string>): Promise<{ code: number; stderr: string; stdout: string }> {
  try {
    await run('npx', ['tsx', 'src/main.ts'], { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env }, timeout: 60_000 });
    return { code: 0, stderr: '', stdout: '' };
  } catch (error) {
    const failed = error as { code: number; stderr: string; stdout: string };
    return { code: failed.code, stderr: failed.stderr, stdout: failed.stdout };
  }
}

describe('start-up refuses bad configuration with one clear line', () => {
  it.each([
    [{ PORT: 'eighty' }, /^odata-facade: Invalid environment variable PORT: .+\n$/],
    [{ DATABASE_URL: 'mysql://db/x' }, /^odata-facade: Invalid environment variable DATABASE_URL: .+\n$/],
    [{ LOG_LEVEL: 'loud' }, /^odata-facade: Invalid environment variable LOG_LEVEL: .+\n$/],
    [{ DATABASE_URL: 'postgres://127.0.0.1:1/db' }, /^odata-facade: Invalid environment variable AUTH_ANONYMOUS: no authentication is configured; .+\n$/],
    [{ AUTH_API_KEYS: '[{"id":"k","hash":"nothex","role":"r","scope":"read"}]' }, /^odata-facade: Invalid API keys in AUTH_API_KEYS: entry 0 \(id "k"\), field "hash".*\n$/],
    [{ AUTH_JWT_SECRET: 'x'.repeat(32) }, /^odata-facade: Invalid JWT configuration \(AUTH_JWT_\*\): .+\n$/],
  ])('%o', async (env, line) => {
    const result = await start(env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(line);
  });

  it('names an unreachable database without echoing its password', async () => {
    const port = await freeLoopbackPort();
    const result = await start({ DATABASE_URL: `postgres://user:s3cret@127.0.0.1:${port}/db`, LOG_LEVEL: 'silent', AUTH_ANONYMOUS: 'allow' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('odata-facade: cannot connect to the database (ECONNREFUSED)\n');
    expect(result.stderr + result.stdout).not.toContain('s3cret');
  });
});

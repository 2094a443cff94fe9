import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';


describe('cli', { timeout: 60_000, concurrent: true }, () => {
  it.each([
    [['seed', '--rows', 'abc'], /--rows/],
    [['seed', '--rows', '0'], /--rows/],
    [['seed', '--rows', '-5'], /rows/],
    [['seed', '--rows', '2.5'], /--rows/],
    [['seed', '--rows'], /--rows/],
    [['seed', '--unknown'], /--unknown/],
    [['seed', 'extra'], /extra/],
    [['migrate', '--rows', '5'], /--rows/],
    [['frobnicate'], /frobnicate/],
  ])('rejects %j with one line and exit code 2, before opening a database', async (args, pattern) => {
    const run = await runCli(args, { EMBEDDED_DATA_DIR: 'memory://' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(pattern);
  });

  it('checks arguments before reading the environment', async () => {
    const run = await runCli(['seed', '--rows', 'abc'], { DATABASE_URL: 'mysql://nope' });
    expect(run.code).toBe(2);
  });

  it('prints the commands on --help and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/migrate/);
    expect(run.stdout).toMatch(/seed \[--rows N\]/);
  });

  it('prints usage and exits 2 without a command', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Usage:/);
  });

  it('prints a configuration error as one line and exits 1', async () => {
    const run = await runCli(['migrate'], { DATABASE_URL: 'mysql://user:hunter2@host/db' });
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/DATABASE_URL/)]);
    expect(run.stdout + run.stderr).not.toContain('hunter2');
  });

  it('never prints the password of an unreachable server', async () => {
    const run = await runCli(['migrate'], { DATABASE_URL: 'postgres://user:hunter2@127.0.0.1:1/demo' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('postgres://user@127.0.0.1:1/demo');
    expect(run.stdout + run.stderr).not.toContain('hunter2');
  });

  it('migrates and seeds an in-memory database, with plain progress lines off a terminal', async () => {
    const run = await runCli(['seed', '--rows', '12000'], { EMBEDDED_DATA_DIR: 'memory://' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0003-create-products');
    expect(run.stdout).toContain('Products: 12000/12000');
    expect(run.stdout).toMatch(/Seed: 12 categories, 25 suppliers, 12000 products in [0-9.]+ s\./);
  });

  it('seeds the configured number of rows without --rows', async () => {
    const run = await runCli(['seed'], { EMBEDDED_DATA_DIR: 'memory://', SEED_ROWS: '40' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Seed: 12 categories, 25 suppliers, 40 products/);
  });
});

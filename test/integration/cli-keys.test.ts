import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../support/run-cli.js';
import { parseApiKeys } from '../../src/auth/api-keys.js';


/** The key and the file entry a successful `keys-create` printed. */
function printed(run: CliRun): { key: string; entry: Record<string, unknown> } {
  const keys = run.stdout.match(/^ofk_\S+$/gm) ?? [];
  const entries = run.stdout.match(/^\{.*\}$/gm) ?? [];
  expect(keys).toHaveLength(1);
  expect(entries).toHaveLength(1);
  return { key: keys[0] ?? '', entry: JSON.parse(entries[0] ?? '') as Record<string, unknown> };
}

describe('cli keys-create', { timeout: 60_000, concurrent: true }, () => {
  it('prints a new key once, with a warning, and an entry holding its hash', async () => {
    const run = await runCli(['keys-create', '--id', 'reader-1', '--role', 'catalog_reader']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/shown only now/);
    const { key, entry } = printed(run);
    expect(run.stdout.split(key)).toHaveLength(2);
    expect(entry).toEqual({
      id: 'reader-1',
      hash: `sha256:${createHash('sha256').update(key).digest('hex')}`,
      role: 'catalog_reader',
      scope: 'read',
    });
    const context = parseApiKeys([entry], 'printed entry').authenticate(key, '203.0.113.9');
    expect(context).toMatchObject({ role: 'catalog_reader', principal: 'key:reader-1', scope: 'read', entitySets: null });
  });

  it('puts scope, entity sets and allowed addresses into the entry', async () => {
    const run = await runCli([
      'keys-create',
      '--id=office.writer',
      '--role=catalog_writer',
      '--scope=read-write',
      '--entity-set=Products',
      '--entity-set=Categories',
      '--allow-ip=10.1.0.0/16',
      '--allow-ip=2001:db8::1',
    ]);
    expect(run.code).toBe(0);
    const { key, entry } = printed(run);
    expect(entry).toMatchObject({
      scope: 'read-write',
      entitySets: ['Products', 'Categories'],
      allowIps: ['10.1.0.0/16', '2001:db8::1'],
    });
    const store = parseApiKeys([entry], 'printed entry');
    const context = store.authenticate(key, '::ffff:10.1.2.3');
    expect(context?.scope).toBe('read-write');
    expect([...(context?.entitySets ?? [])].sort()).toEqual(['Categories', 'Products']);
    expect(() => store.authenticate(key, '10.2.0.1')).toThrow(/address/);
  });

  it('makes a different key on every run', async () => {
    const [first, second] = await Promise.all([
      runCli(['keys-create', '--id', 'a', '--role', 'r']),
      runCli(['keys-create', '--id', 'a', '--role', 'r']),
    ]);
    expect(printed(first).key).not.toBe(printed(second).key);
  });

  it('needs no database and reads no database settings', async () => {
    const run = await runCli(['keys-create', '--id', 'a', '--role', 'r'], { DATABASE_URL: 'mysql://user:pw@nowhere/db' });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/Database:/);
    expect(printed(run).key).toMatch(/^ofk_/);
  });

  it.each([
    [['keys-create', '--role', 'r'], /--id/],
    [['keys-create', '--id', 'a'], /--role/],
    [['keys-create', '--id', 'a b', '--role', 'r'], /--id/],
    [['keys-create', '--id', 'a', '--role', ''], /--role/],
    [['keys-create', '--id', 'a', '--role', 'r', '--scope', 'write'], /--scope "write"/],
    [['keys-create', '--id', 'a', '--role', 'r', '--entity-set', 'Products', '--entity-set', 'Order Items'], /--entity-set "Order Items"/],
    [['keys-create', '--id', 'a', '--role', 'r', '--allow-ip', '10.0.0.0/33'], /--allow-ip "10\.0\.0\.0\/33"/],
    [['keys-create', '--id', 'a', '--role', 'r', '--key', 'mine'], /--key/],
  ])('rejects %j with one line and exit code 2, printing no key', async (args, pattern) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(pattern);
  });

  it('is listed in the help', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/keys-create --id ID --role ROLE/);
  });
});

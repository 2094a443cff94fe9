import { describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations/index.js';

describe('migration list', () => {
  it('names every migration uniquely, in ascending order', () => {
    const names = migrations.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(names);
    for (const name of names) expect(name).toMatch(/^[0-9]{4}-[a-z0-9-]+$/);
  });

  it('gives every migration an up and a down', () => {
    for (const { name, migration } of migrations) {
      expect(typeof migration.up, name).toBe('function');
      expect(typeof migration.down, name).toBe('function');
    }
  });
});

import { createHash } from 'node:crypto';

/**
 * The embedded demo's API keys, one per demo role (migrations/0004-create-demo-roles.ts), printed
 * in the README to try what each role sees. For the embedded demo only: the service never accepts
 * them on a database server, and configured keys replace them.
 */
export const DEMO_KEYS = [
  { id: 'demo-reader', key: 'ofk_demo_reader_local_only', role: 'catalog_reader', scope: 'read' },
  { id: 'demo-writer', key: 'ofk_demo_writer_local_only', role: 'catalog_writer', scope: 'read-write' },
  { id: 'demo-admin', key: 'ofk_demo_admin_local_only', role: 'catalog_admin', scope: 'read-write' },
] as const;

/** The demo keys as entries of an API keys file (hashed). */
export function demoKeyEntries(): unknown[] {
  return DEMO_KEYS.map(({ id, key, role, scope }) => ({ id, hash: `sha256:${createHash('sha256').update(key).digest('hex')}`, role, scope }));
}

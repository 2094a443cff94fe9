import { apiKeyEntrySchema } from '../auth/api-key-entry.js';
import { generateApiKey } from '../auth/api-keys.js';
import { textList, UsageError, type Command, type Values } from './command.js';

/** The command-line option that sets each field of an API key entry. */
const KEY_ENTRY_OPTIONS: Readonly<Record<string, string>> = {
  id: 'id',
  role: 'role',
  scope: 'scope',
  entitySets: 'entity-set',
  allowIps: 'allow-ip',
};

function requiredText(values: Values, option: string): string {
  const value = values[option];
  if (typeof value !== 'string') throw new UsageError(`keys-create: --${option} is required`);
  return value;
}

/**
 * Creates a key and prints it, the only time it is ever shown, with the entry for the API keys
 * file, which holds the key's hash instead of the key.
 */
function createApiKey(values: Values): void {
  const entitySets = textList(values['entity-set']);
  const allowIps = textList(values['allow-ip']);
  const { key, hash } = generateApiKey();
  const entry = {
    id: requiredText(values, 'id'),
    hash,
    role: requiredText(values, 'role'),
    scope: values['scope'] ?? 'read',
    ...(entitySets === undefined ? {} : { entitySets }),
    ...(allowIps === undefined ? {} : { allowIps }),
  };
  const checked = apiKeyEntrySchema.safeParse(entry);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const [field, index] = issue?.path ?? [];
    const option = KEY_ENTRY_OPTIONS[String(field)] ?? String(field);
    const given = typeof index === 'number' ? textList(values[option])?.[index] : values[option];
    throw new UsageError(`keys-create: --${option} ${JSON.stringify(given)}: ${issue?.message ?? 'invalid'}`);
  }
  console.log(`API key "${entry.id}" for role "${entry.role}" (${entry.scope}). It is shown only now and cannot be recovered:`);
  console.log('');
  console.log(key);
  console.log('');
  console.log("Add this entry to the API keys file's JSON array (it holds the key's SHA-256 hash, not the key):");
  console.log('');
  console.log(JSON.stringify(entry));
}

/** The command that creates API keys. */
export const keysCommands: Readonly<Record<string, Command>> = {
  'keys-create': {
    summary: 'create an API key: print it once, with its entry (holding its hash) for the API keys file',
    usage: 'keys-create --id ID --role ROLE [--scope read|read-write] [--entity-set SET ...] [--allow-ip CIDR ...]',
    options: {
      id: { type: 'string' },
      role: { type: 'string' },
      scope: { type: 'string' },
      'entity-set': { type: 'string', multiple: true },
      'allow-ip': { type: 'string', multiple: true },
    },
    async run(values) {
      createApiKey(values);
    },
  },
};

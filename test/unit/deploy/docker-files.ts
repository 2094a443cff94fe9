import { posix } from 'node:path';

/** One Dockerfile instruction, continuation lines joined; `keyword` is upper case. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

/** A build stage: its `FROM` image, optional `AS` name and its instructions after `FROM`. */
export interface Stage {
  readonly image: string;
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

/** Splits a Dockerfile into stages (instructions before the first FROM, such as global ARGs, are dropped). */
export function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let startLine = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (pending !== '' && line.startsWith('#')) return; // comments inside a continued instruction
    if (pending === '') startLine = index + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      return;
    }
    const full = (pending + line).trim();
    pending = '';
    const match = /^(\S+)\s*(.*)$/s.exec(full);
    if (match) instructions.push({ keyword: (match[1] ?? '').toUpperCase(), args: (match[2] ?? '').trim(), line: startLine });
  });
  const stages: { image: string; name: string | undefined; instructions: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const asIndex = words.findIndex((word) => word.toUpperCase() === 'AS');
      stages.push({ image: words[0] ?? '', name: asIndex >= 0 ? words[asIndex + 1] : undefined, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/** `["a", "b"]` exec form as a list, or undefined for shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) throw new Error(`not an exec form: ${args}`);
  return parsed as string[];
}

/** Words of a shell-ish argument list, honouring double and single quotes. */
function words(args: string): string[] {
  return [...args.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** The variables the stage's ENV instructions set (`K=V …` and the legacy `K V` form). */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of instructionsOf(stage, 'ENV')) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
      const [name, ...rest] = args.split(/\s+/);
      if (name !== undefined) env[name] = rest.join(' ');
      continue;
    }
    for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
      const value = match[2] ?? '';
      env[match[1] ?? ''] = /^["']/.test(value) ? value.slice(1, -1) : value;
    }
  }
  return env;
}

/** The last WORKDIR of the stage, resolved (the image default is `/`). */
export function workdirOf(stage: Stage): string {
  return instructionsOf(stage, 'WORKDIR').reduce((dir, { args }) => posix.resolve(dir, args), '/');
}

export interface Copy {
  readonly from: string | undefined;
  readonly sources: readonly string[];
  readonly destination: string;
}

export function copiesOf(stage: Stage): Copy[] {
  return [...instructionsOf(stage, 'COPY'), ...instructionsOf(stage, 'ADD')].map(({ args }) => {
    const [, flags = '', rest = ''] = /^((?:--\S+\s+)*)(.*)$/s.exec(args) ?? [];
    const operands = execForm(rest) ?? words(rest);
    const from = /--from=(\S+)/.exec(flags)?.[1];
    return { from, sources: operands.slice(0, -1), destination: operands.at(-1) ?? '' };
  });
}

export interface Healthcheck {
  readonly options: Record<string, string>;
  /** The command as words (exec form, or shell form split on spaces); empty for `HEALTHCHECK NONE`. */
  readonly command: readonly string[];
}

export function healthcheckOf(stage: Stage): Healthcheck | undefined {
  const last = instructionsOf(stage, 'HEALTHCHECK').at(-1);
  if (last === undefined) return undefined;
  const match = /^((?:--[a-z-]+=\S+\s+)*)(CMD|NONE)\b\s*(.*)$/is.exec(last.args);
  if (!match) throw new Error(`unreadable HEALTHCHECK on line ${last.line}`);
  const options = Object.fromEntries(
    [...(match[1] ?? '').matchAll(/--([a-z-]+)=(\S+)/g)].map((option) => [option[1] ?? '', option[2] ?? '']),
  );
  if ((match[2] ?? '').toUpperCase() === 'NONE') return { options, command: [] };
  const command = match[3] ?? '';
  return { options, command: execForm(command) ?? ['/bin/sh', '-c', command] };
}

/** The effective user of the stage (`root` when it never says). */
export function userOf(stage: Stage): string {
  return instructionsOf(stage, 'USER').at(-1)?.args ?? 'root';
}

export function isRootUser(user: string): boolean {
  const name = user.split(':')[0] ?? '';
  return name === 'root' || name === '0' || name === '';
}

/** Container side of a compose `ports` entry: "8080:8080", "127.0.0.1:80:8080/tcp", 8080 or { target: 8080 }. */
export function containerPort(entry: unknown): number {
  if (typeof entry === 'number') return entry;
  if (typeof entry === 'string') return Number((entry.split(':').at(-1) ?? '').split('/')[0]);
  if (typeof entry === 'object' && entry !== null && 'target' in entry) return Number((entry as { target: unknown }).target);
  return Number.NaN;
}

/** A compose `environment` (mapping or `K=V` list) as strings. */
export function composeEnv(environment: unknown): Record<string, string> {
  if (environment === undefined || environment === null) return {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((item) => {
        const [name, ...value] = String(item).split('=');
        return [name ?? '', value.join('=')];
      }),
    );
  }
  return Object.fromEntries(Object.entries(environment as Record<string, unknown>).map(([name, value]) => [name, value === null ? '' : String(value)]));
}

/** A compose healthcheck `test` as one string of words. */
export function composeTest(test: unknown): string {
  return Array.isArray(test) ? test.map(String).join(' ') : String(test ?? '');
}

/** The environment variable names declared in `envSchema` of src/config/config.ts. */
export function configEnvNames(configSource: string): string[] {
  const block = /const envSchema = z\.object\(\{\n([\s\S]*?)\n\}\);/.exec(configSource)?.[1] ?? '';
  return [...block.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1] ?? '');
}

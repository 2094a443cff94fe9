import { existsSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { serviceNodeFlags } from '../../../bench/server/service-command.js';
import { loadConfig } from '../../../src/config/config.js';
import {
  composeEnv,
  composeTest,
  configEnvNames,
  containerPort,
  copiesOf,
  execForm,
  healthcheckOf,
  instructionsOf,
  isRootUser,
  parseDockerfile,
  stageEnv,
  userOf,
  workdirOf,
  type Stage,
} from './docker-files.js';

/**
 * There is no Docker engine on the development machines, so the Docker files are checked here:
 * parsed, held against each other and against the configuration the service really accepts.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  ports?: unknown[];
  environment?: unknown;
  volumes?: unknown[];
  healthcheck?: { test?: unknown };
  depends_on?: string[] | Record<string, { condition?: string }>;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const stages = parseDockerfile(read('Dockerfile'));
const runtime = stages.at(-1) as Stage;
const compose = parseYaml(read('docker-compose.yml')) as ComposeFile;
const odata = compose.services.odata ?? {};
const db = compose.services.db ?? {};
const odataEnv = composeEnv(odata.environment);
const dbEnv = composeEnv(db.environment);
const defaults = loadConfig({});

function runs(stage: Stage): string[] {
  return instructionsOf(stage, 'RUN').map((instruction) => instruction.args);
}

function exposedPorts(stage: Stage): number[] {
  return instructionsOf(stage, 'EXPOSE').flatMap(({ args }) => args.split(/\s+/).map((port) => Number(port.split('/')[0])));
}

/** What tsc -p tsconfig.build.json emits for a source file, relative to the repository root. */
function buildOutputOf(sourcePath: string): { included: boolean; outputs: string[]; outDir: string } {
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.build.json'), {}, host);
  if (parsed === undefined) throw new Error('tsconfig.build.json could not be read');
  const source = join(ROOT, sourcePath).replaceAll('\\', '/');
  return {
    included: parsed.fileNames.includes(source),
    outputs: ts.getOutputFileNames(parsed, source, false).map((file) => relative(ROOT, file).replaceAll('\\', '/')),
    outDir: relative(ROOT, parsed.options.outDir ?? ROOT).replaceAll('\\', '/'),
  };
}

describe('the Dockerfile reader', () => {
  const sample = parseDockerfile(
    [
      '# syntax=docker/dockerfile:1',
      'FROM node:20 AS build',
      'WORKDIR /src',
      'WORKDIR app',
      'RUN npm ci \\',
      '  # a comment inside',
      '  && npm run build',
      'FROM node:20-slim',
      'ENV A=1 B="two words"',
      'ENV LEGACY some value',
      'COPY --from=build --chown=node /src/app/dist ./dist',
      'HEALTHCHECK --interval=5s CMD ["node", "-e", "1"]',
    ].join('\n'),
  );
  const [build, final] = sample as [Stage, Stage];

  it('splits stages, joins continued lines and resolves WORKDIR', () => {
    expect(sample.map((stage) => [stage.image, stage.name])).toEqual([
      ['node:20', 'build'],
      ['node:20-slim', undefined],
    ]);
    expect(runs(build)).toEqual(['npm ci && npm run build']);
    expect(workdirOf(build)).toBe('/src/app');
    expect(workdirOf(final)).toBe('/');
  });

  it('reads ENV, COPY and HEALTHCHECK, and sees a stage without USER as root', () => {
    expect(stageEnv(final)).toEqual({ A: '1', B: 'two words', LEGACY: 'some value' });
    expect(copiesOf(final)).toEqual([{ from: 'build', sources: ['/src/app/dist'], destination: './dist' }]);
    expect(healthcheckOf(final)).toEqual({ options: { interval: '5s' }, command: ['node', '-e', '1'] });
    expect(healthcheckOf(build)).toBeUndefined();
    expect(isRootUser(userOf(final))).toBe(true);
    expect(isRootUser('node')).toBe(false);
    expect(isRootUser('0:0')).toBe(true);
  });
});

describe('Dockerfile', () => {
  it('builds in one stage and runs in another, on the Node major that package.json requires', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const minimumMajor = Number(/(\d+)/.exec(engines)?.[1]);
    for (const stage of stages) {
      const major = /^node:(\d+)-bookworm-slim$/.exec(stage.image)?.[1];
      expect(major, `FROM ${stage.image}`).toBeDefined();
      expect(Number(major)).toBeGreaterThanOrEqual(minimumMajor);
    }
  });

  it('copies everything tsconfig.build.json compiles into the build stage and builds', () => {
    const build = stages.find((stage) => runs(stage).some((run) => /\bnpm run build\b/.test(run)));
    expect(build, 'no stage runs npm run build').toBeDefined();
    const copied = copiesOf(build as Stage).flatMap((copy) => copy.sources.map((source) => posix.normalize(source)));
    const buildConfig = JSON.parse(read('tsconfig.build.json')) as { extends?: string; include: string[] };
    const needed = ['package.json', 'package-lock.json', 'tsconfig.build.json', ...buildConfig.include];
    if (buildConfig.extends !== undefined) needed.push(posix.normalize(buildConfig.extends));
    expect(copied).toEqual(expect.arrayContaining(needed));
    expect(runs(build as Stage).some((run) => /\bnpm ci\b/.test(run))).toBe(true);
  });

  it('installs only production dependencies in the runtime stage', () => {
    const installs = runs(runtime).filter((run) => /\bnpm (ci|install|i)\b/.test(run));
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install).toMatch(/\bnpm ci\b.*--omit=dev/);
  });

  it('runs as a non-root user', () => {
    expect(isRootUser(userOf(runtime)), `USER ${userOf(runtime)}`).toBe(false);
  });

  it('has a HEALTHCHECK that asks /healthz with node itself (slim images have no curl)', () => {
    const healthcheck = healthcheckOf(runtime);
    expect(healthcheck?.command.length ?? 0, 'no HEALTHCHECK (or NONE) in the final stage').toBeGreaterThan(0);
    expect(healthcheck?.command[0]).toBe('node');
    expect(healthcheck?.command.join(' ')).toContain('/healthz');
    expect(healthcheck?.command.join(' ')).not.toMatch(/\b(curl|wget)\b/);
  });

  it('starts the entry file that tsconfig.build.json emits for src/main.ts, copied from the build stage', () => {
    const command = execForm(instructionsOf(runtime, 'CMD').at(-1)?.args ?? '');
    expect(command?.[0]).toBe('node');
    const script = command?.at(-1) ?? '';
    // the same node flags as `npm start`, which the benchmark measures
    expect(command?.slice(1, -1)).toEqual(serviceNodeFlags(join(ROOT, 'package.json')));

    expect(existsSync(join(ROOT, 'src/main.ts')), 'src/main.ts').toBe(true);
    const { included, outputs, outDir } = buildOutputOf('src/main.ts');
    expect(included, 'tsconfig.build.json does not compile src/main.ts').toBe(true);
    expect(outputs).toContain(posix.normalize(script));

    const scriptInImage = posix.resolve(workdirOf(runtime), script);
    const carrier = copiesOf(runtime).findLast((copy) => scriptInImage.startsWith(`${posix.resolve(workdirOf(runtime), copy.destination)}/`));
    expect(carrier?.from, `nothing copies ${scriptInImage} into the final stage`).toBeDefined();
    const source = stages.find((stage) => stage.name === carrier?.from);
    expect(source, `COPY --from=${carrier?.from} names no earlier stage`).toBeDefined();
    expect(carrier?.sources.map((path) => posix.resolve(workdirOf(source as Stage), path))).toEqual([
      posix.resolve(workdirOf(source as Stage), outDir),
    ]);
  });

  it('sets an environment the service accepts: all interfaces, the exposed port, production, the data volume', () => {
    const env = stageEnv(runtime);
    const config = loadConfig(env);
    expect(env.NODE_ENV).toBe('production');
    expect(config.host).toBe('0.0.0.0');
    expect(exposedPorts(runtime)).toEqual([config.port]);
    expect(config.database.kind).toBe('embedded');
    const dataDir = config.database.kind === 'embedded' ? config.database.dataDir : null;
    expect(dataDir).toMatch(/^\//);
    const volumes = instructionsOf(runtime, 'VOLUME').flatMap(({ args }) => execForm(args) ?? args.split(/\s+/));
    expect(volumes).toContain(dataDir);
    const user = userOf(runtime).split(':')[0] ?? '';
    expect(runs(runtime).some((run) => run.includes(`chown ${user}`) && run.includes(dataDir ?? '\0'))).toBe(true);
  });
});

describe('docker-compose.yml', () => {
  it('runs PostgreSQL 15 with a named data volume and a pg_isready healthcheck', () => {
    expect(db.image).toBe('postgres:15');
    const volume = (db.volumes ?? []).map(String).find((entry) => entry.endsWith(':/var/lib/postgresql/data'));
    expect(volume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume?.split(':')[0]);
    const test = composeTest(db.healthcheck?.test);
    expect(test).toContain('pg_isready');
    expect(test).toContain(`-U ${dbEnv.POSTGRES_USER}`);
  });

  it('builds the service from this folder and starts it once the database is healthy', () => {
    const context = typeof odata.build === 'string' ? odata.build : (odata.build?.context ?? '.');
    const dockerfile = typeof odata.build === 'object' ? (odata.build.dockerfile ?? 'Dockerfile') : 'Dockerfile';
    expect(existsSync(join(ROOT, context, dockerfile))).toBe(true);
    expect(odata.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(composeTest(odata.healthcheck?.test)).toContain('/healthz');
  });

  it('sets only variables the service reads, with values it accepts', () => {
    const known = configEnvNames(read('src/config/config.ts'));
    expect(known).toEqual(expect.arrayContaining(['PORT', 'HOST', 'DATABASE_URL']));
    for (const name of Object.keys(odataEnv)) expect(known, `${name} is not read by src/config/config.ts`).toContain(name);
    const config = loadConfig(odataEnv);
    expect(config.database).toMatchObject({ kind: 'server', url: odataEnv.DATABASE_URL });
    expect(config.host).toBe('0.0.0.0');
    expect(config.migrateOnStart).toBe(true);
    expect(config.seedOnStart).toBe(true);
  });

  it('points DATABASE_URL at the db service with its user, password and database', () => {
    const url = new URL(odataEnv.DATABASE_URL ?? '');
    expect(url.protocol).toMatch(/^postgres(ql)?:$/);
    expect(url.hostname).toBe('db');
    expect(url.port === '' || url.port === '5432').toBe(true);
    expect(decodeURIComponent(url.username)).toBe(dbEnv.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(dbEnv.POSTGRES_PASSWORD);
    expect(decodeURIComponent(url.pathname.slice(1))).toBe(dbEnv.POSTGRES_DB ?? dbEnv.POSTGRES_USER);
  });
});

describe('Dockerfile, docker-compose.yml and the configuration agree', () => {
  it('on the port: config default = ENV PORT = EXPOSE = compose container port = healthchecks', () => {
    const ports = (odata.ports ?? []).map(containerPort);
    expect(ports).toEqual([defaults.port]);
    expect(exposedPorts(runtime)).toEqual([defaults.port]);
    expect(loadConfig(stageEnv(runtime)).port).toBe(defaults.port);
    expect(loadConfig(odataEnv).port).toBe(defaults.port);
    expect(composeTest(odata.healthcheck?.test)).toContain(`127.0.0.1:${defaults.port}/healthz`);
    expect(healthcheckOf(runtime)?.command.join(' ')).toMatch(new RegExp(`\\b${defaults.port}\\b`));
  });
});

describe('.dockerignore', () => {
  const ignored = read('.dockerignore')
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^\/|\/$/g, ''))
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('keeps local artefacts out of the build context', () => {
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.data', '.git', 'coverage', 'scratch']));
  });

  it('does not hide anything the Dockerfile copies', () => {
    const copied = stages.flatMap((stage) => copiesOf(stage).filter((copy) => copy.from === undefined).flatMap((copy) => copy.sources));
    for (const source of copied) expect(ignored, source).not.toContain(posix.normalize(source));
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_KEYS, loadConfig } from '../../../src/config';
import { findUnknownKeys } from '../../../src/config-unknown-keys';
import { bicepOutputs } from '../../support/bicep-text';

/**
 * The Microsoft 365 Agents Toolkit project files (m365agents*.yml, env/, infra/) agree with each
 * other and with Lockdown: every ${{VAR}} they use is defined where the toolkit looks for it, the
 * runtime files they write hold only settings Lockdown accepts, and no secret is committed.
 */

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Step {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface Project {
  version: string;
  provision?: Step[];
  deploy?: Step[];
  publish?: Step[];
}

const project = (file: string) => parse(read(file)) as Project;
const uses = (steps: Step[] | undefined) => (steps ?? []).map((step) => step.uses);
const placeholders = (text: string) => [...text.matchAll(/\$\{\{(\w+)\}\}/g)].map((m) => m[1]!);

/** `KEY=value` lines of a dotenv file; comments and blank lines skipped. */
function envFile(file: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of read(file).split('\n')) {
    const entry = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (entry) entries.set(entry[1]!, entry[2]!);
  }
  return entries;
}

/** Names a step writes to the env file (writeToEnvironmentFile, and arm/deploy's Bicep outputs). */
function written(steps: Step[] | undefined): string[] {
  return (steps ?? []).flatMap((step) => [
    ...Object.values(step.writeToEnvironmentFile ?? {}),
    ...(step.uses === 'arm/deploy' ? bicepOutputs(read('infra/azure.bicep')) : []),
  ]);
}

/** Variables the toolkit itself provides (the signed-in Microsoft 365 account's tenant). */
const TOOLKIT_BUILT_INS = ['TEAMS_APP_TENANT_ID'];

describe('m365agents.yml', () => {
  const file = project('m365agents.yml');

  it('uses the v1.11 schema', () => {
    expect(read('m365agents.yml').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=https://aka.ms/m365-agents-toolkits/v1.11/yaml.schema.json',
    );
    expect(file.version).toBe('v1.11');
  });

  it('provisions the Teams app and the Azure resources, then validates, packages and updates the app', () => {
    expect(uses(file.provision)).toEqual([
      'teamsApp/create',
      'arm/deploy',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    const arm = file.provision!.find((step) => step.uses === 'arm/deploy')!;
    const [template] = arm.with!.templates as { path: string; parameters: string }[];
    expect(template).toMatchObject({
      path: './infra/azure.bicep',
      parameters: './infra/azure.parameters.json',
    });
  });

  it('deploys the staged build to the Web App the template created', () => {
    expect(uses(file.deploy)).toEqual([
      'cli/runNpmCommand',
      'cli/runNpmCommand',
      'script',
      'azureAppService/zipDeploy',
    ]);
    const [install, build, stage, zip] = file.deploy!;
    expect(install!.with!.args).toMatch(/^ci\b/);
    expect(build!.with!.args).toBe('run build');
    expect(stage!.with!.run).toBe('node infra/stage-app-package.js');
    // The folder infra/stage-app-package.js fills, and an ignore file that exists.
    expect(read('infra/stage-app-package.js')).toContain("path.join('.deployment', 'app')");
    expect(zip!.with).toMatchObject({
      artifactFolder: './.deployment/app',
      ignoreFile: '.webappignore',
      resourceId: '${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}',
    });
    expect(fs.existsSync(path.join(ROOT, '.webappignore'))).toBe(true);
  });

  it('uses only variables defined in env/.env.dev, written by an earlier step, or kept in .user', () => {
    const env = envFile('env/.env.dev');
    const text = `${read('m365agents.yml')}\n${read('infra/azure.parameters.json')}`;
    const defined = new Set([...env.keys(), ...written(file.provision), ...TOOLKIT_BUILT_INS]);
    // Secrets are not in the committed file; its header tells where they go.
    const secrets = placeholders(text).filter((name) => name.startsWith('SECRET_'));

    expect(
      placeholders(text).filter((name) => !defined.has(name) && !secrets.includes(name)),
    ).toEqual([]);
    for (const secret of secrets) expect(read('env/.env.dev')).toContain(`${secret}=`);
  });
});

describe('m365agents.local.yml', () => {
  const file = project('m365agents.local.yml');
  const localConfigs = file.deploy!.find(
    (step) => step.uses === 'file/createOrUpdateEnvironmentFile',
  )!.with as { target: string; envs: Record<string, string | number> };

  it('registers an Entra app and the bot on a dev tunnel, and writes .localConfigs', () => {
    expect(file.version).toBe('v1.11');
    expect(uses(file.provision)).toEqual([
      'teamsApp/create',
      'aadApp/create',
      'botFramework/create',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    expect(localConfigs.target).toBe('./.localConfigs');
  });

  it('uses only variables defined in env/.env.local, written by an earlier step, or built in', () => {
    const defined = new Set([
      ...envFile('env/.env.local').keys(),
      ...written(file.provision),
      ...TOOLKIT_BUILT_INS,
    ]);

    expect(placeholders(read('m365agents.local.yml')).filter((name) => !defined.has(name))).toEqual(
      [],
    );
  });

  it('writes a .localConfigs that Lockdown starts with', () => {
    const env = envFile('env/.env.local');
    // What provision writes, and the test team's ids the developer fills in.
    const filled: Record<string, string> = {
      BOT_ID: '11111111-1111-4111-8111-111111111111',
      SECRET_BOT_PASSWORD: 'a client secret',
      TEAMS_APP_TENANT_ID: '22222222-2222-4222-8222-222222222222',
      APPROVER_GROUP_ID: '33333333-3333-4333-8333-333333333333',
      SECURITY_CHANNEL_ID: '19:abc123@thread.tacv2',
    };
    const runtime = Object.fromEntries(
      Object.entries(localConfigs.envs).map(([key, value]) => [
        key,
        String(value).replace(
          /\$\{\{(\w+)\}\}/g,
          (_, name: string) => filled[name] ?? env.get(name) ?? '',
        ),
      ]),
    );

    expect(findUnknownKeys(Object.keys(runtime), CONFIG_KEYS)).toEqual([]);
    expect(Object.keys(runtime).filter((key) => !CONFIG_KEYS.includes(key))).toEqual([]);
    expect(() => loadConfig(runtime)).not.toThrow();
    expect(loadConfig(runtime).server.isLoopback).toBe(true);
  });
});

describe('m365agents.playground.yml', () => {
  const file = project('m365agents.playground.yml');
  const playground = file.deploy!.find(
    (step) => step.uses === 'file/createOrUpdateEnvironmentFile',
  )!.with as { target: string; envs: Record<string, string> };

  it('writes the demo settings from env/.env.playground to .localConfigs.playground', () => {
    const env = envFile('env/.env.playground');

    expect(file.version).toBe('v1.11');
    expect(playground.target).toBe('./.localConfigs.playground');
    expect(
      placeholders(read('m365agents.playground.yml')).filter((name) => !env.has(name)),
    ).toEqual([]);
    expect(Object.keys(playground.envs).filter((key) => !CONFIG_KEYS.includes(key))).toEqual([]);
  });
});

describe('appPackage/manifest.json', () => {
  it.each([
    ['env/.env.dev', 'm365agents.yml'],
    ['env/.env.local', 'm365agents.local.yml'],
  ])('has every placeholder defined in %s or written by %s', (env, file) => {
    const defined = new Set([...envFile(env).keys(), ...written(project(file).provision)]);

    expect(
      placeholders(read('appPackage/manifest.json')).filter((name) => !defined.has(name)),
    ).toEqual([]);
  });
});

describe('env files and .gitignore', () => {
  it.each(['env/.env.dev', 'env/.env.local'])('%s commits no secret', (file) => {
    const env = envFile(file);
    const secretish = [...env.keys()].filter((key) =>
      /SECRET|PASSWORD|CONNECTION_STRING/.test(key),
    );

    expect(secretish.filter((key) => env.get(key) !== '')).toEqual([]);
    expect([...env.keys()].filter((key) => key.startsWith('SECRET_'))).toEqual([]);
  });

  it.each(['env/.env.*.user', '.localConfigs*', 'appPackage/build/', '.deployment/'])(
    '.gitignore ignores %s',
    (pattern) => {
      expect(read('.gitignore').split('\n')).toContain(pattern);
    },
  );
});

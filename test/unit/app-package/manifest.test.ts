import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { COMMAND_WORDS } from '../../../src/teams/commands/parse-command';
import { readPng } from '../../support/png-image';

const PACKAGE = path.resolve(__dirname, '..', '..', '..', 'appPackage');
const SCHEMA =
  require.resolve('@microsoft/app-manifest/build/json-schemas/teams/v1.22/MicrosoftTeams.schema.json');
const template = fs.readFileSync(path.join(PACKAGE, 'manifest.json'), 'utf8');

/** What the Agents Toolkit fills in at provision time (env/.env.<env> and its own values). */
const TOOLKIT_VALUES: Record<string, string> = {
  TEAMS_APP_ID: '5f0c4d3e-8a0b-4c47-9d3a-1e2f3a4b5c6d',
  BOT_ID: '0b9e6a51-2c2d-4f6e-8a7b-9c0d1e2f3a4b',
  BOT_DOMAIN: 'lockdown-contoso.azurewebsites.net',
  APP_NAME_SUFFIX: '',
};

function filled(): Record<string, unknown> {
  const text = template.replace(/\$\{\{([A-Z0-9_]+)\}\}/g, (_, name: string) => {
    const value = TOOLKIT_VALUES[name];
    if (value === undefined) throw new Error(`manifest.json uses an unknown placeholder ${name}`);
    return value;
  });
  return JSON.parse(text) as Record<string, unknown>;
}

describe('appPackage/manifest.json', () => {
  it('is valid against the Teams manifest schema v1.22, once the toolkit fills its placeholders', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);
    const ok = validate(filled());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('keeps the placeholders for the toolkit rather than any real id', () => {
    expect(template).toContain('"id": "${{TEAMS_APP_ID}}"');
    expect(template).toContain('"botId": "${{BOT_ID}}"');
  });

  it('is a bot for the team and personal scopes whose command list is what Lockdown parses', () => {
    const bot = (filled().bots as Array<Record<string, unknown>>)[0]!;
    expect(bot.scopes).toEqual(['team', 'personal']);
    const lists = bot.commandLists as Array<{ commands: Array<{ title: string }> }>;
    expect(lists.flatMap((l) => l.commands.map((c) => c.title))).toEqual([...COMMAND_WORDS]);
  });

  it('has a 192×192 colour icon and a 32×32 white outline on a transparent background', () => {
    const color = readPng(fs.readFileSync(path.join(PACKAGE, 'color.png')));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = readPng(fs.readFileSync(path.join(PACKAGE, 'outline.png')));
    expect([outline.width, outline.height, outline.colorType]).toEqual([32, 32, 6]);
    const pixels = Array.from({ length: 32 * 32 }, (_, i) => outline.pixel(i % 32, i >> 5));
    expect(outline.pixel(0, 0)[3]).toBe(0);
    const drawn = pixels.filter(([, , , alpha]) => alpha > 0);
    expect(drawn.length).toBeGreaterThan(50);
    expect(drawn.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';

import DEMO_TENANT_JSON from './demo-tenant.json';
import { parseTenantSeed, type ParsedTenantSeed } from './tenant-seed';

/**
 * Where the built-in demo tenant lives. Importing the JSON above makes tsc copy it next to the
 * compiled code, so this path is valid both from src/ (ts-jest) and from dist/.
 */
export const DEMO_TENANT_PATH = path.join(__dirname, 'demo-tenant.json');

/** Reads and validates a tenant data file; the error names the file and every problem. */
export function loadTenantSeed(filePath: string): ParsedTenantSeed {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(filePath, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read tenant seed ${filePath}: ${(error as Error).message}`);
  }
  return parseTenantSeed(raw, `tenant seed ${filePath}`);
}

/** A fresh, validated copy of the demo tenant (callers may change it freely). */
export function demoTenantSeed(): ParsedTenantSeed {
  return parseTenantSeed(structuredClone(DEMO_TENANT_JSON), 'demo tenant');
}

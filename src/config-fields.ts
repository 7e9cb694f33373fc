import { z } from 'zod';
import { isObjectId, parseUserRef, type ObjectId, type UserRef } from './domain/user-ref';
import { isDomainError } from './domain/errors';

/** zod parsers for one environment variable each; messages name the problem, not the variable. */

export const LOOPBACK_HOST = /^(127(?:\.\d{1,3}){3}|::1|\[::1\]|localhost)$/i;
export const isLoopbackHost = (host: string): boolean => LOOPBACK_HOST.test(host);

export const guid = () =>
  z
    .string()
    .refine(isObjectId, 'must be a GUID such as 00000000-0000-0000-0000-000000000000')
    .transform((value) => value.toLowerCase() as ObjectId);

export const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

export const boolean = () =>
  z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .refine((value) => value === 'true' || value === 'false', 'must be true or false')
    .transform((value) => value === 'true');

export const oneOf = <T extends string>(values: readonly T[]) =>
  z.string().transform((value, ctx) => {
    const match = values.find((v) => v.toLowerCase() === value.trim().toLowerCase());
    if (!match) {
      ctx.addIssue({
        code: 'custom',
        message: `must be one of ${values.join(', ')} (got "${value}")`,
      });
      return z.NEVER;
    }
    return match;
  });

/** An absolute URL; https unless the host is loopback (local simulators and tests). */
export const url = (options: { allowPath?: boolean } = {}) =>
  z.string().transform((value, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be an absolute URL (got "${value}")` });
      return z.NEVER;
    }
    const loopback = isLoopbackHost(parsed.hostname);
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must use https (http is allowed only on loopback)',
      });
    }
    if (parsed.username || parsed.password || parsed.search || parsed.hash) {
      ctx.addIssue({
        code: 'custom',
        message: 'must not contain credentials, a query or a fragment',
      });
    }
    if (!options.allowPath && parsed.pathname !== '/') {
      ctx.addIssue({
        code: 'custom',
        message: `must be a root URL without a path (got "${parsed.pathname}")`,
      });
    }
    return parsed;
  });

export const commaList = () =>
  z.string().transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

export const guidList = () =>
  commaList().transform((items, ctx) => {
    const bad = items.filter((item) => !isObjectId(item));
    if (bad.length > 0)
      ctx.addIssue({ code: 'custom', message: `are not GUIDs: ${bad.join(', ')}` });
    return items.map((item) => item.toLowerCase() as ObjectId);
  });

export const stepList = <T extends string>(
  allowed: readonly T[],
  ignored: readonly string[] = [],
) =>
  commaList().transform((items, ctx) => {
    const steps: T[] = [];
    const unknown = items.filter(
      (i) => !ignored.includes(i.toLowerCase()) && !allowed.includes(i.toLowerCase() as T),
    );
    for (const item of unknown) {
      ctx.addIssue({
        code: 'custom',
        message: `has unknown step "${item}"; choose from ${allowed.join(', ')}`,
      });
    }
    for (const item of items.map((i) => i.toLowerCase() as T)) {
      if (allowed.includes(item) && !steps.includes(item)) steps.push(item);
    }
    if (steps.length === 0 && unknown.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'names no step that can run' });
    }
    return steps;
  });

export const userRefList = () =>
  commaList().transform((items, ctx) => {
    const refs: UserRef[] = [];
    for (const item of items) {
      try {
        refs.push(parseUserRef(item));
      } catch (error) {
        const reason = isDomainError(error) ? error.userMessage : String(error);
        ctx.addIssue({ code: 'custom', message: `has an invalid entry: ${reason}` });
      }
    }
    return refs;
  });

/** The Teams channel id shape: `19:<id>@thread.tacv2` (or the older `@thread.skype`). */
export const channelId = () =>
  z
    .string()
    .regex(
      /^19:[A-Za-z0-9_-]+@thread\.(tacv2|skype)$/,
      'must be a Teams channel id like 19:abc…@thread.tacv2',
    );

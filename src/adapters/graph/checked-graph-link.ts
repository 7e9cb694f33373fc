import { type GraphOperation } from './graph-operations';
import { unexpectedGraphAnswer } from './parse-graph-answer';

/**
 * A link Graph returned (`@odata.nextLink`, `@odata.deltaLink`), or one Lockdown stored, is
 * followed only back to the configured Graph origin over https: the client sends Lockdown's token
 * with it, so a link to any other host is refused (the rule GraphDirectory applies to nextLinks).
 */
export function checkedGraphLink(
  origin: string,
  operation: GraphOperation,
  link: string,
  what: string,
): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw unexpectedGraphAnswer(operation, `a ${what} that is not an absolute URL`);
  }
  if (url.protocol !== 'https:' || url.origin !== origin) {
    throw unexpectedGraphAnswer(operation, `a ${what} to another host (${url.origin})`);
  }
  return url.href;
}

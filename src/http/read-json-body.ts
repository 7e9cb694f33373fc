import { type IncomingMessage } from 'node:http';
import { HttpRefusal } from './http-refusal';

/**
 * Teams activities, card invokes included, are a few KiB; Teams itself refuses bot messages over
 * about 28 KiB. 256 KiB leaves room and still bounds what an unauthenticated caller can make us
 * read (threat-model T22).
 */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Reads a JSON body, refusing before parsing anything risky: any Content-Encoding (restify's
 * gunzip counts the limit on compressed bytes and crashes on a bad stream: threat-model
 * finding 4), a declared or actual size over the limit, a non-JSON content type, malformed JSON.
 */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const encoding = req.headers['content-encoding'];
  if (
    encoding !== undefined &&
    encoding.trim() !== '' &&
    encoding.trim().toLowerCase() !== 'identity'
  ) {
    throw new HttpRefusal(415, 'Content-Encoding is not accepted; send the body uncompressed.');
  }
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new HttpRefusal(415, 'The body must be application/json.');
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw new HttpRefusal(413, `The body is larger than ${limit} bytes.`);
  const text = await readLimited(req, limit);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpRefusal(400, 'The body is not valid JSON.');
  }
}

async function readLimited(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      // Stop reading; the connection is closed after the refusal is written.
      req.pause();
      throw new HttpRefusal(413, `The body is larger than ${limit} bytes.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

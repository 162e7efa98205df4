import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiError } from './errors';

/** How much of an oversized body is read (and thrown away) before the socket is cut. */
const DRAIN_FACTOR = 4;

/**
 * Reads a JSON object body of at most `maxBytes`. An empty body is `{}` (the official SDK always
 * sends one). Too large → 413 once the client finished sending (so it sees the answer); a body
 * far too large is cut off. Not JSON, or not an object → 400.
 */
export function readJsonBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes * DRAIN_FACTOR) {
        req.destroy();
        return;
      }
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('error', () => reject(apiError.invalidJson('The request body could not be read.')));
    req.on('close', () => {
      if (!req.complete) reject(apiError.tooLarge(maxBytes));
    });
    req.on('end', () => {
      if (size > maxBytes) {
        reject(apiError.tooLarge(maxBytes));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') {
        resolve({});
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        reject(apiError.invalidJson('The request body is not valid JSON.'));
        return;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        reject(apiError.invalidJson('The request body must be a JSON object.'));
        return;
      }
      resolve(value as Record<string, unknown>);
    });
  });
}

/** Writes a JSON answer unless the client already went away. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

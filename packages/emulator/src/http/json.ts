import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest HTTP body the emulator reads. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Headers on every response: the browser dashboard and browser tests call the API cross-origin. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization, X-Real-IP',
  'Access-Control-Max-Age': '600',
};

/** Why a request body could not be used. */
export class BodyError extends Error {
  /** The HTTP status to answer with. */
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'BodyError';
    this.status = status;
  }
}

/** Writes a JSON response (with CORS headers) unless the client already went away. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Reads a JSON object body; an empty body is `{}`. Rejects with {@link BodyError}. */
export function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyError(413, 'body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (error) => reject(new BodyError(400, error.message)));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') {
        resolve({});
        return;
      }
      try {
        const value: unknown = JSON.parse(text);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          reject(new BodyError(400, 'expected a JSON object'));
          return;
        }
        resolve(value as Record<string, unknown>);
      } catch {
        reject(new BodyError(400, 'invalid JSON'));
      }
    });
  });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { depthProblem, nestsDeeperThan } from '../jsonDepth';

/** Default largest HTTP body the emulator reads (`limits.maxBodyBytes`). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Default deepest JSON nesting accepted in a body (`limits.maxJsonDepth`). */
export const MAX_JSON_DEPTH = 32;

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

/** Limits of {@link readJsonObject}. */
export interface ReadJsonOptions {
  /** Largest body; more is answered 413. @default MAX_BODY_BYTES (1 MiB) */
  maxBytes?: number;
  /** Deepest nesting; more is answered 400. @default MAX_JSON_DEPTH (32) */
  maxDepth?: number;
}

/**
 * Writes a JSON response (with CORS headers, plus `headers`) unless the client already went
 * away.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Answers a {@link BodyError} as `{"error": …}`. A 413 also closes the connection once the
 * answer is out: the rest of the oversized body is never read.
 */
export function sendBodyError(res: ServerResponse, error: BodyError): void {
  sendJson(
    res,
    error.status,
    { error: error.message },
    error.status === 413 ? { Connection: 'close' } : {},
  );
}

function tooLarge(maxBytes: number): BodyError {
  return new BodyError(413, `body too large: the limit is ${maxBytes} bytes`);
}

/**
 * Reads a JSON object body; an empty body is `{}`. Rejects with {@link BodyError}: 413 as soon
 * as the body (declared or received) passes `maxBytes`, without buffering more of it; 400 for
 * invalid JSON, JSON nested deeper than `maxDepth`, or anything but an object.
 */
export function readJsonObject(
  req: IncomingMessage,
  options: ReadJsonOptions = {},
): Promise<Record<string, unknown>> {
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      // Keep draining so the client can finish sending and read the 413 (a reset would hide it).
      req.resume();
      reject(tooLarge(maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (error) => reject(new BodyError(400, error.message)));
    req.on('close', () => reject(new BodyError(400, 'request closed before its body ended')));
    req.on('end', () => {
      if (over) return;
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') {
        resolve({});
        return;
      }
      if (nestsDeeperThan(text, maxDepth)) {
        reject(new BodyError(400, depthProblem(maxDepth)));
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

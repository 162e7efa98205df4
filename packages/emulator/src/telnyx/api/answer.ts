/** What a route learnt about a request, for the request log. */
export interface RequestFacts {
  callControlId?: string;
  action?: string;
  commandId?: string;
  replayed?: boolean;
}

/** A route's successful answer. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
  /** Holds the answer this long (the slow-gateway scenario); the effect already happened. */
  readonly delayMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** `{"data":{"result":"ok", …extra}}`, the answer of most commands. */
export function ok(extra: Record<string, unknown> = {}): ApiAnswer {
  return { status: 200, body: { data: { result: 'ok', ...extra } } };
}

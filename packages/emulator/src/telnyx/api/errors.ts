/** One entry of a Telnyx `errors` array. */
export interface TelnyxErrorObject {
  code: string;
  title: string;
  detail: string;
  source?: { pointer: string };
  meta: { url: string };
}

/**
 * A failed API request, answered as Telnyx does: HTTP `status` and a body
 * `{"errors":[{code,title,detail,source?,meta}]}` whose `code` is a string of digits.
 */
export class TelnyxApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly pointer: string | undefined;
  /** Extra response headers (`Retry-After` on 429). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    title: string,
    detail: string,
    options: { pointer?: string; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'TelnyxApiError';
    this.status = status;
    this.code = code;
    this.title = title;
    this.pointer = options.pointer;
    this.headers = options.headers ?? {};
  }

  toBody(): { errors: TelnyxErrorObject[] } {
    return {
      errors: [
        {
          code: this.code,
          title: this.title,
          detail: this.message,
          ...(this.pointer === undefined ? {} : { source: { pointer: this.pointer } }),
          meta: { url: `https://developers.telnyx.com/docs/overview/errors/${this.code}` },
        },
      ],
    };
  }
}

/** The errors the emulator answers with (status, code and title as Telnyx uses them). */
export const apiError = {
  unauthorized: () =>
    new TelnyxApiError(
      401,
      '10009',
      'Authentication failed',
      'The required authentication headers were either invalid or not included in the request.',
    ),
  notFound: (detail = 'The requested resource or URL could not be found.') =>
    new TelnyxApiError(404, '10005', 'Resource not found', detail),
  invalidJson: (detail: string) => new TelnyxApiError(400, '10023', 'Invalid JSON', detail),
  tooLarge: (limit: number) =>
    new TelnyxApiError(
      413,
      '10015',
      'Bad Request',
      `The request body is larger than ${limit} bytes.`,
    ),
  missing: (field: string) =>
    new TelnyxApiError(
      422,
      '10004',
      'Missing required parameter',
      `The '${field}' parameter is required.`,
      {
        pointer: `/${field}`,
      },
    ),
  badRequest: (detail: string, field?: string) =>
    new TelnyxApiError(
      422,
      '10015',
      'Bad Request',
      detail,
      field === undefined ? {} : { pointer: `/${field}` },
    ),
  notE164: (field: string) =>
    new TelnyxApiError(
      422,
      '10016',
      'Phone number must be in +E.164 format',
      `The '${field}' parameter must be a +E.164 number or a SIP URI.`,
      { pointer: `/${field}` },
    ),
  invalidUrl: (field: string) =>
    new TelnyxApiError(
      422,
      '10003',
      'Invalid URL',
      `The '${field}' parameter must be an http(s) URL.`,
      {
        pointer: `/${field}`,
      },
    ),
  invalidEnum: (field: string, allowed: readonly string[]) =>
    new TelnyxApiError(
      422,
      '10032',
      'Invalid value',
      `The '${field}' parameter must be one of: ${allowed.join(', ')}.`,
      { pointer: `/${field}` },
    ),
  outOfRange: (field: string, min: number, max: number) =>
    new TelnyxApiError(
      422,
      '10033',
      'Value out of range',
      `The '${field}' parameter must be an integer from ${min} to ${max}.`,
      { pointer: `/${field}` },
    ),
  unknownCall: () =>
    new TelnyxApiError(
      422,
      '90015',
      'Invalid Call Control ID',
      'The call_control_id provided was not valid.',
      {
        pointer: '/call_control_id',
      },
    ),
  callEnded: () =>
    new TelnyxApiError(
      422,
      '90018',
      'Call has already ended',
      "This call is no longer active and can't receive commands.",
      { pointer: '/call_control_id' },
    ),
  notAnswered: () =>
    new TelnyxApiError(
      422,
      '90034',
      'Call not answered yet',
      'This command can only run on an answered call: answer the incoming call first.',
      { pointer: '/call_control_id' },
    ),
  dialRateLimited: (retryAfterSeconds: number, limit: number) =>
    new TelnyxApiError(
      429,
      '90103',
      'Dial rate limit exceeded',
      `More than ${limit} dials in the rolling window; retry after ${retryAfterSeconds} s.`,
      { headers: { 'Retry-After': String(retryAfterSeconds) } },
    ),
  rateLimited: (retryAfterSeconds: number) =>
    new TelnyxApiError(
      429,
      '10011',
      'Too many requests',
      'You have exceeded the maximum number of allowed requests.',
      { headers: { 'Retry-After': String(retryAfterSeconds) } },
    ),
  serverError: (status: 500 | 503 = 500) =>
    new TelnyxApiError(status, '10007', 'Unexpected error', 'An unexpected error occurred.'),
};

import type { Emulator } from '@callstream/emulator';
import { httpOrigin } from './cmUrl';
import { ExampleError } from './errors';

/**
 * The outside world of an emulated Call Manager: callers that dial your DIDs, press keys and
 * hang up. `--self-test` modes drive a program with it so it runs to completion unattended.
 */
export interface RemoteParty {
  /** A caller dials `did`; resolves once the call is offered (the lookup runs on). */
  call(params: { did: string; from: string; callid: string }): Promise<void>;
  /** The caller on leg `callid` presses `digits` (one `dtmf_received` per digit). */
  pressDigits(callid: string, digits: string): Promise<void>;
  /** The caller on leg `callid` hangs up. */
  hangup(callid: string): Promise<void>;
}

/** Drives an emulator in this process through its API. */
function apiRemote(emulator: Emulator): RemoteParty {
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new ExampleError('step-failed', `the emulator has no live leg to ${what}`);
  };
  return {
    async call(params) {
      // The outcome settles only after accept/reject/expiry; the call's events tell the rest.
      emulator.simulateInbound(params).catch(() => {});
    },
    async pressDigits(callid, digits) {
      check(emulator.remote.pressDigits(callid, digits), `press ${digits} on ${callid}`);
    },
    async hangup(callid) {
      check(emulator.remote.hangup(callid), `hang up ${callid}`);
    },
  };
}

/** Drives an emulator in another process through its control routes (`/v1/emulator/…`). */
function httpRemote(wsUrl: string): RemoteParty {
  const origin = httpOrigin(wsUrl);
  const post = async (
    path: string,
    body: Record<string, unknown>,
  ): Promise<Record<string, unknown>> => {
    let response: Response;
    try {
      response = await fetch(`${origin}/v1/emulator/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
    } catch (cause) {
      throw new ExampleError(
        'emulator-required',
        `--self-test needs an emulator, and ${origin} did not answer`,
        { cause },
      );
    }
    if (!response.ok) {
      throw new ExampleError(
        'emulator-required',
        `--self-test needs an emulator: POST ${origin}/v1/emulator/${path} answered ${response.status} (a real Call Manager has no control routes)`,
      );
    }
    return (await response.json()) as Record<string, unknown>;
  };
  const expectOk = (result: Record<string, unknown>, what: string) => {
    if (result.ok !== true)
      throw new ExampleError('step-failed', `the emulator has no live leg to ${what}`);
  };
  return {
    async call(params) {
      await post('inbound', params);
    },
    async pressDigits(callid, digits) {
      expectOk(await post('remote/dtmf', { callid, digits }), `press ${digits} on ${callid}`);
    },
    async hangup(callid) {
      expectOk(await post('remote/hangup', { callid }), `hang up ${callid}`);
    },
  };
}

/**
 * The remote party of the emulator a program talks to: the embedded one's API, or the control
 * routes of the emulator at `wsUrl` (CM_HOST pointing at `callstream-emulator`). Against a real
 * Call Manager its calls fail with `emulator-required`.
 */
export function remoteParty(config: { emulator: Emulator | undefined; url: string }): RemoteParty {
  return config.emulator ? apiRemote(config.emulator) : httpRemote(config.url);
}

import { describe, expect, it } from 'vitest';
import type { EmulatorLogger, LogFields } from '../src/index';
import { client, fastEmulator, fetchJson } from './helpers/fixtures';

const NO_FAULTS = {
  delayReplies: null,
  dropReplies: 0,
  dropEvents: 0,
  refuseRegistrations: null,
  stalledSessions: 0,
};

/** A logger that keeps the warnings. */
function warnings(): { logger: EmulatorLogger; lines: { message: string; fields?: LogFields }[] } {
  const lines: { message: string; fields?: LogFields }[] = [];
  const noop = (): void => {};
  return {
    lines,
    logger: {
      debug: noop,
      info: noop,
      error: noop,
      warn: (message, fields) =>
        lines.push(fields === undefined ? { message } : { message, fields }),
    },
  };
}

describe('control API answers say what was applied', () => {
  it('POST faults answers with the fault settings now in force', async () => {
    await using emulator = await fastEmulator();
    const faults = `${emulator.httpUrl}/v1/emulator/faults`;
    expect(
      (await fetchJson(faults, { body: { delayReplies: 250, dropEvents: 'all' } })).body,
    ).toEqual({
      faults: { ...NO_FAULTS, delayReplies: 250, dropEvents: 'all' },
    });
    expect(
      (await fetchJson(faults, { body: { refuseRegistrations: 'maintenance' } })).body,
    ).toEqual({
      faults: {
        ...NO_FAULTS,
        delayReplies: 250,
        dropEvents: 'all',
        refuseRegistrations: 'maintenance',
      },
    });
    expect((await fetchJson(faults)).body).toEqual({
      faults: {
        ...NO_FAULTS,
        delayReplies: 250,
        dropEvents: 'all',
        refuseRegistrations: 'maintenance',
      },
    });
    expect((await fetchJson(faults, { body: { reset: true } })).body).toEqual({
      reset: true,
      faults: NO_FAULTS,
    });
    expect(emulator.faults.settings()).toEqual(NO_FAULTS);
  });

  it('socket faults report their counts next to the settings; stalled sessions are counted', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator, { clientId: 'stall_me' });
    const faults = `${emulator.httpUrl}/v1/emulator/faults`;
    expect((await fetchJson(faults, { body: { stall: { clientId: 'stall_me' } } })).body).toEqual({
      stalled: 1,
      faults: { ...NO_FAULTS, stalledSessions: 1 },
    });
    expect((await fetchJson(faults, { body: { drop: { clientId: 'nobody' } } })).body).toEqual({
      dropped: 0,
      faults: { ...NO_FAULTS, stalledSessions: 1 },
    });
    expect(c.ws.readyState).toBe(c.ws.OPEN);
  });

  it('a body with an unknown or invalid key is refused whole: nothing is applied', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator, { clientId: 'keep_me' });
    const faults = `${emulator.httpUrl}/v1/emulator/faults`;
    const typo = await fetchJson(faults, { body: { delayReply: 100 } });
    expect(typo).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/unknown fault: delayReply/) },
    });
    const badCode = await fetchJson(faults, {
      body: { drop: { clientId: 'keep_me' }, close: { code: 1006 } },
    });
    expect(badCode.status).toBe(400);
    expect(badCode.body.error).toMatch(/1006 is not a valid close code/);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    expect(emulator.faults.settings()).toEqual(NO_FAULTS);
  });

  it('POST inbound with nobody to receive the call says so (200) and warns on the logger', async () => {
    const log = warnings();
    await using emulator = await fastEmulator({ logger: log.logger });
    const answer = await fetchJson(`${emulator.httpUrl}/v1/emulator/inbound`, {
      body: { did: '+18005551234', callid: 'lonely_1' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      callid: 'lonely_1',
      offeredTo: 0,
      lookup: { status: 500, body: { error: 'not found' } },
      warning: 'no live session can receive calls on +18005551234: nobody got call_incoming',
    });
    expect(log.lines).toContainEqual({
      message: 'inbound call nobody can receive',
      fields: { callid: 'lonely_1', did: '18005551234' },
    });
  });

  it('POST inbound reports how many sessions were offered the call', async () => {
    await using emulator = await fastEmulator();
    await using a = await client(emulator);
    await using b = await client(emulator);
    const answer = await fetchJson(`${emulator.httpUrl}/v1/emulator/inbound`, {
      body: { did: '+18005551234', callid: 'offered_1' },
    });
    expect(answer.body).toEqual({ callid: 'offered_1', offeredTo: 2 });
    await a.waitForEvent('call_incoming', 'offered_1');
    await b.waitForEvent('call_incoming', 'offered_1');
  });

  it('simulateInbound with nobody subscribed resolves 500 and warns on the logger', async () => {
    const log = warnings();
    await using emulator = await fastEmulator({ logger: log.logger });
    const outcome = await emulator.simulateInbound({ did: '+18007771234', callid: 'lonely_2' });
    expect(outcome).toEqual({ status: 500, body: { error: 'not found' }, callid: 'lonely_2' });
    expect(log.lines.map((line) => line.message)).toContain('inbound call nobody can receive');
  });

  it('remote routes name the call and what was done', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const control = `${emulator.httpUrl}/v1/emulator`;
    const inbound = await fetchJson(`${control}/inbound`, { body: { did: '+18005551234' } });
    const callid = String(inbound.body.callid);
    await c.waitForEvent('call_incoming', callid);
    await c.command('accept', { callid, token: 't', channel: 'ctl', uid: '4' });
    await c.waitForEvent('call_answered', callid);
    expect(
      (await fetchJson(`${control}/remote/dtmf`, { body: { callid, digits: '12' } })).body,
    ).toEqual({
      ok: true,
      callid,
      digits: '12',
    });
    expect((await fetchJson(`${control}/remote/hangup`, { body: { callid } })).body).toEqual({
      ok: true,
      callid,
      cause: 'NORMAL_CLEARING',
    });
    expect((await fetchJson(`${control}/remote/hangup`, { body: { callid } })).body).toEqual({
      ok: false,
      callid,
      error: 'no live call or held lookup with this callid',
    });
    expect(
      (await fetchJson(`${control}/remote/dtmf`, { body: { callid: 'nope', digits: '1' } })).body,
    ).toEqual({
      ok: false,
      callid: 'nope',
      error: 'no live call with this callid',
    });
  });
});

import { describe, expect, it } from 'vitest';
import {
  encodeAccept,
  encodeBridge,
  encodeCallAction,
  encodeDial,
  encodeRegister,
  encodeReject,
  encodeSubscribe,
  encodeTransfer,
  resolveAppId,
} from '../../src/cm/protocol/encode';
import { ValidationError } from '../../src/errors';

const dial = { to: '+15559876543', from: '+15551234567', channel: 'ch1', uid: 100 };

describe('wire encoding', () => {
  it('resolves the app id the same way for every command', () => {
    expect(resolveAppId('explicit', 'call', 'registered')).toBe('explicit');
    expect(resolveAppId(undefined, 'call', 'registered')).toBe('call');
    expect(resolveAppId(undefined, '', 'registered')).toBe('registered');
    expect(resolveAppId(undefined, undefined, 'MULTI')).toBeUndefined();
    expect(resolveAppId('', '', '')).toBeUndefined();
  });

  it('register carries subscribe_numbers only when non-empty', () => {
    expect(encodeRegister('Basic x', 'c1', 'app', [])).toEqual({
      action: 'register',
      auth_token: 'Basic x',
      client_id: 'c1',
      appid: 'app',
    });
    expect(encodeRegister('Basic x', 'c1', 'MULTI', ['+18005551234']).subscribe_numbers).toEqual([
      '+18005551234',
    ]);
  });

  it('outbound always sends to/from/channel/uid/token/region/timeout as strings and omits empty optionals', () => {
    const { action, fields } = encodeDial(dial, 'app');
    expect(action).toBe('outbound');
    expect(fields).toEqual({
      to: '+15559876543',
      from: '+15551234567',
      channel: 'ch1',
      uid: '100',
      token: 'app',
      region: '',
      timeout: '',
      appid: 'app',
    });
    expect(Object.values(fields).every((value) => typeof value === 'string')).toBe(true);
  });

  it('outbound sends optionals with the protocol types', () => {
    const { fields } = encodeDial(
      {
        ...dial,
        token: 'rtc',
        region: 'AREA_CODE_NA',
        timeoutSec: 60,
        sip: 'lb:5081;transport=tls',
        sipDomain: 'example.com',
        video: true,
        sdkOptions: { audioProfile: 1 },
        audioScenario: 10,
      },
      undefined,
    );
    expect(fields).toEqual({
      to: '+15559876543',
      from: '+15551234567',
      channel: 'ch1',
      uid: '100',
      token: 'rtc',
      region: 'AREA_CODE_NA',
      timeout: '60',
      sip: 'lb:5081;transport=tls',
      sip_domain: 'example.com',
      video: true,
      sdk_options: '{"audioProfile":1}',
      audio_scenario: '10',
    });
  });

  it('video false, empty sdk options and empty audio scenario are omitted', () => {
    const { fields } = encodeDial(
      { ...dial, video: false, sdkOptions: '', audioScenario: '' },
      'app',
    );
    expect(fields).not.toHaveProperty('video');
    expect(fields).not.toHaveProperty('sdk_options');
    expect(fields).not.toHaveProperty('audio_scenario');
    expect(fields).not.toHaveProperty('sip');
    expect(fields).not.toHaveProperty('sip_domain');
  });

  it('accept, bridge, reject, transfer and call actions', () => {
    expect(
      encodeAccept('B', { channel: 'ch2', uid: '200', webhookUrl: 'https://hook' }, 'app').fields,
    ).toEqual({
      callid: 'B',
      token: 'app',
      channel: 'ch2',
      uid: '200',
      webhook_url: 'https://hook',
      appid: 'app',
    });
    expect(encodeBridge('A', { channel: 'ch3', uid: 7, token: 't' }, undefined).fields).toEqual({
      callid: 'A',
      token: 't',
      channel: 'ch3',
      uid: '7',
    });
    expect(encodeReject('B', '', 'app').fields).toEqual({ callid: 'B', reason: '', appid: 'app' });
    expect(encodeTransfer('A', '+15550001111', 'bleg', undefined).fields).toEqual({
      callid: 'A',
      destination: '+15550001111',
      leg: 'bleg',
    });
    expect(encodeCallAction('endcall', 'A', 'app')).toEqual({
      action: 'endcall',
      fields: { callid: 'A', appid: 'app' },
    });
    expect(encodeSubscribe(['+18005551234'])).toEqual({
      action: 'subscribe',
      fields: { numbers: ['+18005551234'] },
    });
  });

  it('rejects bad numbers, channels and uids before anything is built', () => {
    expect(() => encodeDial({ ...dial, to: '' }, 'app')).toThrow(ValidationError);
    expect(() => encodeDial({ ...dial, to: 'call me' }, 'app')).toThrow(
      /to must be a phone number/,
    );
    expect(() => encodeDial({ ...dial, from: '12' }, 'app')).toThrow(/from must be a phone number/);
    expect(() => encodeDial({ ...dial, channel: '' }, 'app')).toThrow(/channel is required/);
    expect(() => encodeDial({ ...dial, channel: 'x'.repeat(65) }, 'app')).toThrow(/longer than 64/);
    expect(() => encodeDial({ ...dial, uid: -1 }, 'app')).toThrow(/uid must be an integer/);
    expect(() => encodeDial({ ...dial, uid: 'abc' }, 'app')).toThrow(/uid must be an integer/);
    expect(encodeDial({ ...dial, to: '+1 (555) 987-6543;dtmf=12#' }, 'app').fields.to).toBe(
      '+15559876543;dtmf=12#',
    );
    expect(encodeDial({ ...dial, to: 'sip:alice@example.com' }, 'app').fields.to).toBe(
      'sip:alice@example.com',
    );
  });
});

import { DEFAULT_DIDS, FAST_TIMING, REALISTIC_TIMING, scenario } from '@callstream/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cmUrl,
  type ExampleConfig,
  ExampleError,
  httpOrigin,
  loadConfig,
  requireSetting,
} from '../src/index';

describe('cmUrl', () => {
  it('turns a bare host into the wss events URL, like the Go examples', () => {
    expect(cmUrl('sipcm.agora.io')).toBe('wss://sipcm.agora.io/v1/ws/events');
    expect(cmUrl(' cm.example.com:7360 ')).toBe('wss://cm.example.com:7360/v1/ws/events');
  });

  it('uses ws:// and wss:// URLs as they are and maps http(s) origins', () => {
    expect(cmUrl('ws://127.0.0.1:4000/v1/ws/events')).toBe('ws://127.0.0.1:4000/v1/ws/events');
    expect(cmUrl('wss://cm.example.com/custom')).toBe('wss://cm.example.com/custom');
    expect(cmUrl('https://cm.example.com/')).toBe('wss://cm.example.com/v1/ws/events');
    expect(cmUrl('http://127.0.0.1:7360')).toBe('ws://127.0.0.1:7360/v1/ws/events');
  });

  it('refuses values that are neither a host nor a URL', () => {
    expect(() => cmUrl('cm.example.com/v1')).toThrow(ExampleError);
    expect(() => cmUrl('   ')).toThrow(/CM_HOST is empty/);
  });

  it('finds the HTTP origin of a WebSocket URL', () => {
    expect(httpOrigin('wss://cm.example.com/v1/ws/events')).toBe('https://cm.example.com');
    expect(httpOrigin('ws://127.0.0.1:4000/v1/ws/events')).toBe('http://127.0.0.1:4000');
  });
});

describe('loadConfig', () => {
  let config: ExampleConfig | undefined;
  afterEach(async () => {
    await config?.close();
    config = undefined;
  });

  it('reads a real Call Manager from the environment and starts nothing', async () => {
    config = await loadConfig(
      {
        CM_HOST: 'sipcm.agora.io',
        AUTH_TOKEN: 'Basic c2VjcmV0OnNlY3JldA==',
        APPID: 'MULTI',
        TO_NUMBER: '+15551234567',
        FROM_NUMBER: ' +15557654321 ',
        DID: '',
        REGION: 'AREA_CODE_NA',
      },
      [],
    );
    expect(config).toMatchObject({
      source: 'cm',
      url: 'wss://sipcm.agora.io/v1/ws/events',
      appId: 'MULTI',
      toNumber: '+15551234567',
      fromNumber: '+15557654321',
      did: undefined,
      region: 'AREA_CODE_NA',
      emulator: undefined,
    });
    expect(() => requireSetting(config!, 'did')).toThrow(/DID is required/);
  });

  it('reads RTC_TOKEN; --rtc-token (either form) wins over it; unset means undefined', async () => {
    const cm = {
      CM_HOST: 'sipcm.agora.io',
      AUTH_TOKEN: 'Basic c2VjcmV0OnNlY3JldA==',
      APPID: 'MULTI',
    };
    expect((await loadConfig(cm, [])).rtcToken).toBeUndefined();
    expect((await loadConfig({ ...cm, RTC_TOKEN: ' 007eJxTYenv ' }, [])).rtcToken).toBe(
      '007eJxTYenv',
    );
    expect(
      (await loadConfig({ ...cm, RTC_TOKEN: 'from-env' }, ['--rtc-token', 'from-flag'])).rtcToken,
    ).toBe('from-flag');
    expect((await loadConfig(cm, ['--fast', '--rtc-token=from-flag=x'])).rtcToken).toBe(
      'from-flag=x',
    );
    const error = await loadConfig(cm, ['--rtc-token']).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'usage', exitCode: 2 });
  });

  it('passes the RTC token through on the embedded emulator as well', async () => {
    config = await loadConfig({ RTC_TOKEN: '007eJxTYenv' }, ['--fast'], { log: () => {} });
    expect(config.source).toBe('emulator');
    expect(config.rtcToken).toBe('007eJxTYenv');
  });

  it('fails with missing-config (exit 2) naming what is missing, never the token', async () => {
    const error = await loadConfig(
      { CM_HOST: 'sipcm.agora.io', AUTH_TOKEN: 'Basic dG9wc2VjcmV0' },
      [],
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExampleError);
    expect(error).toMatchObject({ code: 'missing-config', exitCode: 2 });
    expect((error as Error).message).toMatch(/missing: APPID/);
    expect((error as Error).message).not.toContain('dG9wc2VjcmV0');
  });

  it('starts an embedded emulator when CM_HOST is unset, and says so', async () => {
    const notes: string[] = [];
    config = await loadConfig({ TO_NUMBER: scenario.busy() }, ['--fast'], {
      log: (note) => notes.push(note),
    });
    expect(config.source).toBe('emulator');
    expect(config.emulator?.options.timing).toEqual(FAST_TIMING);
    expect(config.url).toBe(config.emulator?.wsUrl);
    expect(config.authToken).toBe(config.emulator?.token);
    expect(config.appId).toBe(config.emulator?.appIds[0]);
    expect(config.toNumber).toBe(scenario.busy());
    expect(config.did).toBe(DEFAULT_DIDS[0]);
    expect(notes.join('\n')).toMatch(
      /CM_HOST is not set: using an embedded emulator at ws:\/\/127\.0\.0\.1:\d+/,
    );
    expect(notes.join('\n')).not.toContain(config.authToken);
  });

  it('uses realistic timing by default, the given timing otherwise, and quirk mode on --quirks', async () => {
    const log = () => {};
    config = await loadConfig({}, [], { log });
    expect(config.emulator?.options.timing).toEqual(REALISTIC_TIMING);
    expect(config.toNumber).toBe(scenario.answer());
    await config.close();
    config = await loadConfig({}, ['--quirks'], { log, timing: { answerMs: 7 } });
    expect(config.emulator?.options.timing.answerMs).toBe(7);
    expect(config.emulator?.options.quirks).toBe(true);
  });
});

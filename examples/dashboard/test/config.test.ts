import { describe, expect, it } from 'vitest';
import { readConfig, withoutToken } from '../src/config';

const fixedSuffix = () => 'abc123';

describe('readConfig', () => {
  it('reads every setting from the query', () => {
    const result = readConfig(
      '?ws=ws://127.0.0.1:1/v1/ws/events&token=Basic%20c2VjcmV0&appid=app1&did=%2B18005551234&client=ops&autoaccept=1&to=%2B1555&from=%2B1666',
      {},
      fixedSuffix,
    );
    expect(result).toEqual({
      ok: true,
      config: {
        url: 'ws://127.0.0.1:1/v1/ws/events',
        authToken: 'Basic c2VjcmV0',
        appId: 'app1',
        subscribeNumbers: ['+18005551234'],
        clientId: 'ops',
        autoAccept: true,
        dialTo: '+1555',
        dialFrom: '+1666',
      },
    });
  });

  it('falls back to the build-time defaults, and the query wins over them', () => {
    const defaults = {
      url: 'ws://default/v1/ws/events',
      authToken: 'Basic ZGVm',
      appId: 'dflt',
      dids: '+1800, +1900',
      dialTo: '+1000',
    };
    const fromDefaults = readConfig('', defaults, fixedSuffix);
    expect(fromDefaults).toMatchObject({
      ok: true,
      config: {
        url: defaults.url,
        authToken: 'Basic ZGVm',
        appId: 'dflt',
        subscribeNumbers: ['+1800', '+1900'],
        clientId: 'dashboard-abc123',
        autoAccept: false,
        dialTo: '+1000',
        dialFrom: '',
      },
    });
    const overridden = readConfig('appid=other&did=%2B1&did=%2B2,%2B3', defaults, fixedSuffix);
    expect(overridden).toMatchObject({
      ok: true,
      config: { appId: 'other', subscribeNumbers: ['+1', '+2', '+3'] },
    });
  });

  it('names every missing setting, treating blank values as missing', () => {
    expect(readConfig('?ws=%20&appid=', {})).toEqual({
      ok: false,
      missing: ['ws', 'token', 'appid'],
    });
    expect(readConfig('?token=Basic%20x', { url: 'ws://h/v1/ws/events' })).toEqual({
      ok: false,
      missing: ['appid'],
    });
  });

  it('only turns auto-accept on for explicit yes words', () => {
    const base = '?ws=ws://h&token=t&appid=a&autoaccept=';
    expect(readConfig(`${base}true`)).toMatchObject({ config: { autoAccept: true } });
    expect(readConfig(`${base}0`)).toMatchObject({ config: { autoAccept: false } });
  });
});

describe('withoutToken', () => {
  it('drops the token and keeps the other parameters', () => {
    const href = 'http://127.0.0.1:5173/?ws=ws%3A%2F%2Fh&token=Basic+c2VjcmV0&appid=a';
    const cleaned = withoutToken(href);
    expect(cleaned).not.toContain('token');
    expect(cleaned).not.toContain('c2VjcmV0');
    expect(new URL(cleaned).searchParams.get('appid')).toBe('a');
    expect(new URL(cleaned).searchParams.get('ws')).toBe('ws://h');
  });

  it('returns a URL without a token unchanged', () => {
    const href = 'http://127.0.0.1:5173/?appid=a';
    expect(withoutToken(href)).toBe(href);
  });
});

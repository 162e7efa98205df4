import { describe, expect, it } from 'vitest';
import { dialParams, mediaParams, RING_TIMEOUT_SEC, tokenParam } from '../src/index';

const call = { to: '+15551234567', from: '+15557654321', channel: 'c1', uid: '100' };

describe('dialParams / mediaParams', () => {
  it('dials with the ring timeout, and with the region and RTC token when configured', () => {
    expect(RING_TIMEOUT_SEC).toBe(60);
    expect(dialParams({ rtcToken: undefined, region: undefined }, call)).toEqual({
      ...call,
      timeoutSec: 60,
    });
    expect(dialParams({ rtcToken: 'rtc-secret', region: 'AREA_CODE_NA' }, call)).toEqual({
      ...call,
      timeoutSec: 60,
      region: 'AREA_CODE_NA',
      token: 'rtc-secret',
    });
  });

  it('lets the caller override any completed field', () => {
    const params = dialParams(
      { rtcToken: 'rtc-secret', region: 'AREA_CODE_NA' },
      { ...call, timeoutSec: 20, region: 'AREA_CODE_AS', token: 'own' },
    );
    expect(params).toMatchObject({ timeoutSec: 20, region: 'AREA_CODE_AS', token: 'own' });
  });

  it('adds the RTC token to accept/bridge parameters only when one is configured', () => {
    expect(mediaParams({ rtcToken: undefined }, { channel: 'c2', uid: 1 })).toEqual({
      channel: 'c2',
      uid: 1,
    });
    expect(mediaParams({ rtcToken: 'rtc-secret' }, { channel: 'c2', uid: 1 })).toEqual({
      channel: 'c2',
      uid: 1,
      token: 'rtc-secret',
    });
    expect(tokenParam({ rtcToken: undefined })).toEqual({});
    expect('token' in tokenParam({ rtcToken: undefined })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { AcClient, upgradeStatus } from './helpers/acClient';
import { fastActiveCall, TTS, until } from './helpers/fixtures';

describe('WebSocket routes and query parameters (§2.2)', () => {
  it.each([
    ['/call/sip', 'sip'],
    ['/call/webrtc', 'webrtc'],
    ['/call', 'websocket'],
    ['/call/', 'websocket'],
  ])('%s opens a %s session', async (path, callType) => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, path, { id: 'route-1' });
    await until(() => emulator.sessions().length === 1);
    expect(emulator.sessions()[0]).toMatchObject({ id: 'route-1', callType, state: 'idle' });
    expect(client.events).toEqual([]);
  });

  it('generates the session id s.<uuid-v4> when none is given', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call');
    client.send({ command: 'invite', option: {} });
    const start = await client.waitFor('trackStart');
    expect(start.trackId).toMatch(
      /^s\.[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(emulator.sessions()[0]?.id).toBe(start.trackId);
  });

  it.each([
    ['dump=1', /dump/],
    ['dump=yes', /dump/],
    ['ping=abc', /ping/],
    ['ping=-1', /ping/],
    ['ping=1.5', /ping/],
    ['ping=4294967296', /ping/],
    ['id=', /id must not be empty/],
    ['id=a&id=b', /duplicate field `id`/],
  ])('refuses ?%s with HTTP 400 before any socket exists', async (query, message) => {
    await using emulator = await fastActiveCall();
    const result = await upgradeStatus(`${emulator.wsUrl}/call/sip?${query}`);
    expect(result.status).toBe(400);
    expect(result.body).toMatch(/^Failed to deserialize query string: /);
    expect(result.body).toMatch(message);
    expect(emulator.stats().sessions).toBe(0);
  });

  it('accepts dump=true/false, ping=0 and ignores unknown parameters', async () => {
    await using emulator = await fastActiveCall();
    for (const query of ['dump=true', 'dump=false&ping=0', 'ping=%2B5&whatever=1']) {
      expect((await upgradeStatus(`${emulator.wsUrl}/call/sip?${query}`)).status).toBe(101);
    }
  });

  it('answers unknown paths 404, a taken id 409, and more than maxSessions 503', async () => {
    await using emulator = await fastActiveCall({ maxSessions: 2 });
    expect((await upgradeStatus(`${emulator.wsUrl}/call/sipx`)).status).toBe(404);
    expect((await upgradeStatus(`${emulator.wsUrl}/v1/ws/events`)).status).toBe(404);
    await using first = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'taken' });
    expect(first.ws.readyState).toBe(first.ws.OPEN);
    const conflict = await upgradeStatus(`${emulator.wsUrl}/call/webrtc?id=taken`);
    expect(conflict).toEqual({ status: 409, body: 'session id in use: taken' });
    await using second = await AcClient.open(emulator.wsUrl, '/call/sip');
    expect(second.ws.readyState).toBe(second.ws.OPEN);
    expect((await upgradeStatus(`${emulator.wsUrl}/call/sip`)).status).toBe(503);
  });

  it('uses serverSideTrack as the trackId of playback events', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call', { serverSideTrack: 'bot' });
    client.send({ command: 'tts', text: 'hi', playId: 'p', endOfStream: true, option: TTS });
    const end = await client.waitFor('trackEnd');
    expect(end).toMatchObject({ trackId: 'bot', playId: 'p' });
    expect(client.events.find((e) => e.event === 'trackStart')?.trackId).toBe('bot');
  });

  it('sends a WebSocket Ping every `ping` seconds with an RFC 3339 payload, and no JSON ping', async () => {
    await using emulator = await fastActiveCall({ timing: { pingUnitMs: 10 } });
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { ping: '2' });
    await client.until(() => (client.pings.length >= 2 ? true : undefined), 2000, 'two pings');
    for (const payload of client.pings) {
      expect(payload).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      expect(Math.abs(Date.parse(payload) - Date.now())).toBeLessThan(5000);
    }
    expect(client.events).toEqual([]);
  });

  it('sends no pings with ping=0 (checked against a session with pings)', async () => {
    await using emulator = await fastActiveCall({ timing: { pingUnitMs: 5 } });
    await using silent = await AcClient.open(emulator.wsUrl, '/call/sip', { ping: '0' });
    await using ticking = await AcClient.open(emulator.wsUrl, '/call/sip', { ping: '1' });
    await ticking.until(() => (ticking.pings.length >= 3 ? true : undefined), 2000, 'pings');
    expect(silent.pings).toEqual([]);
  });

  it('pings every 20 s by default', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'p20' });
    await until(() => emulator.sessions().length === 1);
    expect(emulator.sessions()[0]?.pingSeconds).toBe(20);
    expect(client.pings).toEqual([]);
  });
});

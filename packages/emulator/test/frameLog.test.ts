import { describe, expect, it } from 'vitest';
import { FrameLog } from '../src/frameLog';
import type { ReceivedFrame } from '../src/index';
import { client, fastEmulator } from './helpers/fixtures';

function received(index: number, sessionId = 's1'): ReceivedFrame {
  return { at: index, sessionId, frame: { action: 'x', n: index } };
}

describe('frame log caps', () => {
  it('keeps at most maxFrames, oldest out, and counts what it dropped', () => {
    const log = new FrameLog({ maxFrames: 3, maxBytes: 1_000_000 });
    for (let i = 0; i < 5; i += 1) log.record(received(i), 10);
    expect(log.list().map((f) => f.at)).toEqual([2, 3, 4]);
    expect(log.stats()).toEqual({
      frames: 3,
      bytes: 30,
      dropped: 2,
      maxFrames: 3,
      maxBytes: 1_000_000,
    });
  });

  it('keeps at most maxBytes, oldest out; a frame larger than the whole cap is not kept', () => {
    const log = new FrameLog({ maxFrames: 100, maxBytes: 100 });
    for (let i = 0; i < 4; i += 1) log.record(received(i), 40);
    expect(log.list().map((f) => f.at)).toEqual([2, 3]);
    expect(log.stats()).toMatchObject({ frames: 2, bytes: 80, dropped: 2 });
    const seen: number[] = [];
    log.subscribe((frame) => seen.push(frame.at));
    log.record(received(9), 101);
    expect(seen).toEqual([9]);
    expect(log.list().map((f) => f.at)).toEqual([2, 3]);
    expect(log.stats()).toMatchObject({ frames: 2, dropped: 3 });
  });

  it('measures a frame recorded without a size by its JSON text', () => {
    const log = new FrameLog();
    log.record(received(1));
    expect(log.stats().bytes).toBe(JSON.stringify(received(1)).length);
    expect(log.stats()).toMatchObject({ maxFrames: 50_000, maxBytes: 16 * 1024 * 1024 });
  });

  it('filters still work after the oldest frames were dropped', () => {
    const log = new FrameLog({ maxFrames: 4, maxBytes: 1_000 });
    for (let i = 0; i < 10; i += 1) log.record(received(i, i % 2 === 0 ? 'even' : 'odd'), 1);
    expect(log.list({ sessionId: 'even' }).map((f) => f.at)).toEqual([6, 8]);
  });

  it('clear() forgets every frame (the emulator calls it on close)', () => {
    const log = new FrameLog();
    log.record(received(1), 5);
    log.clear();
    expect(log.list()).toEqual([]);
    expect(log.stats()).toMatchObject({ frames: 0, bytes: 0 });
  });

  it('the emulator applies limits.maxLoggedFrames / maxLoggedBytes and reports drops in frameStats()', async () => {
    await using emulator = await fastEmulator({
      limits: { maxLoggedFrames: 5, maxLoggedBytes: 1_000_000 },
    });
    await using c = await client(emulator);
    for (let i = 0; i < 9; i += 1) await c.command('subscribe', { numbers: [] });
    const kept = emulator.frames();
    expect(kept).toHaveLength(5);
    expect(kept.at(-1)?.frame.request_id).toBe('subscribe_9');
    expect(emulator.frameStats()).toMatchObject({ frames: 5, dropped: 5, maxFrames: 5 });
    // The byte size is the frame's size on the wire.
    const wire = JSON.stringify({ action: 'subscribe', numbers: [], request_id: 'subscribe_9' });
    expect(emulator.frameStats().bytes).toBeGreaterThanOrEqual(5 * wire.length);
  });

  it('close() frees the log', async () => {
    const emulator = await fastEmulator();
    const c = await client(emulator);
    await c.command('subscribe', { numbers: [] });
    expect(emulator.frames().length).toBeGreaterThan(0);
    await c.close();
    await emulator.close();
    expect(emulator.frames()).toEqual([]);
    expect(emulator.frameStats()).toMatchObject({ frames: 0, bytes: 0 });
  });
});

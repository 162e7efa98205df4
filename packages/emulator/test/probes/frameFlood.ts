/**
 * Probe (run in a child process with --expose-gc): one client sends 2,000 frames of 60 KB, the
 * reproduction of issue 11 finding 8. Reports the settled heap at each stage, in bytes.
 */
import { startEmulator } from '../../src/index';
import { RawClient } from '../helpers/rawClient';
import { report, settledHeap } from './heap';

const FRAMES = 2000;
const PAD = 'x'.repeat(60_000);

const emulator = await startEmulator({ timing: 'fast', pingIntervalMs: 0 });
const baseline = settledHeap();
const client = await RawClient.registered(emulator.wsUrl);
for (let i = 0; i < FRAMES; i += 1) {
  client.send({ action: 'subscribe', numbers: [], pad: PAD, request_id: `flood_${i}` });
}
await client.waitForCount((m) => m.response === 'subscribe', FRAMES, 60_000);
client.messages.length = 0;
const afterFlood = settledHeap();
await client.close();
const afterSessionClose = settledHeap();
await emulator.close();
const afterEmulatorClose = settledHeap();
report({ baseline, afterFlood, afterSessionClose, afterEmulatorClose });

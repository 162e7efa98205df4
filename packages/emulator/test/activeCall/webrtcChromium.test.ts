import { existsSync } from 'node:fs';
import { chromium } from 'playwright';
import { describe, expect, it } from 'vitest';
import { AcClient } from './helpers/acClient';
import { fastActiveCall } from './helpers/fixtures';

// The same Chromium the browser project uses (Debian's, or CHROMIUM_PATH).
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium)
  console.log(`[callstream] WebRTC answer check skipped: no Chromium at ${chromiumPath}`);

interface PeerWindow {
  pc: RTCPeerConnection;
}

describe.skipIf(!hasChromium)('a real Chromium and the emulator WebRTC answer', () => {
  it('setRemoteDescription accepts the answer to an audio + data + video offer', {
    timeout: 60_000,
  }, async () => {
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      const offer = await page.evaluate(async () => {
        const pc = new RTCPeerConnection();
        (globalThis as unknown as PeerWindow).pc = pc;
        pc.addTransceiver('audio', { direction: 'sendrecv' });
        pc.createDataChannel('control');
        pc.addTransceiver('video', { direction: 'recvonly' });
        await pc.setLocalDescription(await pc.createOffer());
        // No ICE servers: gathering host candidates completes at once.
        await new Promise<void>((resolve) => {
          if (pc.iceGatheringState === 'complete') resolve();
          pc.onicegatheringstatechange = () => {
            if (pc.iceGatheringState === 'complete') resolve();
          };
        });
        return pc.localDescription?.sdp ?? '';
      });
      await using emulator = await fastActiveCall();
      await using client = await AcClient.open(emulator.wsUrl, '/call/webrtc');
      client.send({ command: 'invite', option: { offer } });
      const answer = await client.waitFor('answer');
      const state = await page.evaluate(async (sdp) => {
        const { pc } = globalThis as unknown as PeerWindow;
        await pc.setRemoteDescription({ type: 'answer', sdp });
        return {
          signaling: pc.signalingState,
          audio: pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio')
            ?.currentDirection,
        };
      }, String(answer.sdp));
      expect(state).toEqual({ signaling: 'stable', audio: 'sendrecv' });
    } finally {
      await browser.close();
    }
  });
});

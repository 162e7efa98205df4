/// <reference path="../../../scripts/provided-context.d.ts" />
import { describe, expect, inject, it } from 'vitest';
import { createActiveCallClient, fetchIceServers, gatherOffer } from '../src/index';

const endpoint = inject('activeCallWsUrl');
const httpUrl = inject('activeCallHttpUrl');

/** The frames the emulator received on a session, from its CORS-enabled control API. */
async function framesOf(sessionId: string): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(
    `${httpUrl}/v1/emulator/frames?sessionId=${encodeURIComponent(sessionId)}`,
  );
  expect(response.ok).toBe(true);
  const body = (await response.json()) as { frames: Array<{ frame?: Record<string, unknown> }> };
  return body.frames.flatMap((record) => (record.frame ? [record.frame] : []));
}

describe.skipIf(!endpoint)('/call/webrtc from Chromium', () => {
  it('dials with the SDP offer of a real RTCPeerConnection and takes the answer', async () => {
    const client = createActiveCallClient({ endpoint, callType: 'webrtc' });
    await client.connect();
    const pc = new RTCPeerConnection({ iceServers: await fetchIceServers(endpoint) });
    try {
      pc.addTransceiver('audio', { direction: 'sendrecv' });
      const offer = await gatherOffer(pc, { timeoutMs: 3000 });
      expect(pc.iceGatheringState).toBe('complete');
      expect(offer).toMatch(/^v=0\r?\n/);
      expect(offer).toMatch(/a=fingerprint:/);

      const { callId, session, answer } = await client.dial({
        to: '',
        from: 'chromium',
        option: { offer },
      });
      expect(session.type).toBe('webrtc');
      expect(answer.sdp).toMatch(/^v=0/);
      await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp ?? '' });
      expect(pc.signalingState).toBe('stable');

      // The server got the browser's offer as it was, in the invite of a /call/webrtc session.
      const [invite] = await framesOf(callId);
      expect(invite).toMatchObject({ command: 'invite', option: { offer, caller: 'chromium' } });

      const greeting = await session.tts('hello browser', { option: { provider: 'emulator' } });
      expect(await greeting.done).toBe('ended');
      await session.hangup();
      expect(client.getCall(callId)).toBeUndefined();
    } finally {
      pc.close();
      await client.close();
    }
  });

  it('refuses a webrtc dial without an SDP offer before opening anything', async () => {
    const client = createActiveCallClient({ endpoint, callType: 'webrtc' });
    await client.connect();
    await expect(client.dial({ to: '', from: 'chromium' })).rejects.toMatchObject({
      code: 'invalid-argument',
    });
    await client.close();
  });
});

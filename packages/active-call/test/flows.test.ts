import { scenario } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import { fixture, removed } from './helpers';

describe('outbound calls against the emulator', () => {
  it('dials, is answered, hangs up: the call leaves calls$ as hangup', async () => {
    await using f = await fixture();
    const result = await f.client.dial({ to: scenario.answer(), from: 'sip:bot@pbx.example' });
    expect(result.answer.event).toBe('answer');
    expect(f.client.getCall(result.callId)?.state).toBe('answered');
    await f.client.hangup(result.callId);
    const gone = await removed(f, result.callId);
    expect(gone.reason).toBe('hangup');
    expect(gone.call).toMatchObject({ outcome: 'completed', endedBy: 'local' });
    expect(f.events.filter((e) => e.callId === result.callId).map((e) => e.type)).toContain(
      'answered',
    );
  });
});

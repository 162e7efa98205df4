import { scenario } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import { world } from './helpers';

describe('telnyx client smoke', () => {
  it('dials, gets answered, hangs up', async () => {
    await using w = await world();
    const { callId } = await w.client.dial({ to: scenario.answer(), from: '+15551230000' });
    await w.log.reached(callId, 'answered');
    const result = await w.client.hangup(callId);
    const final = await result.ended;
    expect(final.endReason).toBe('hangup');
    expect(final.outcome).toBe('completed');
    expect(final.endedBy).toBe('local');
    expect(w.log.types(callId)).toEqual(['initiated', 'answered', 'hangup', 'removed']);
  });
});

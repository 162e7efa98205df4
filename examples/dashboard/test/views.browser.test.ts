import { type Call, CommandError } from '@callstream/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallActions } from '../src/views/callRow';
import { CallsTable } from '../src/views/callsTable';
import { EventLog } from '../src/views/eventLog';

const now = Date.now();

function makeCall(callId: string, patch: Partial<Call> = {}): Call {
  return {
    callId,
    state: 'bridged',
    direction: 'inbound',
    from: '+14155550100',
    to: '+18005551234',
    channel: 'room',
    uid: '1',
    appId: 'app',
    createdAt: now,
    updatedAt: now,
    timestamps: { answered: now - 65_000 },
    ...patch,
  };
}

function fakeActions(): CallActions & { failed: ReturnType<typeof vi.fn> } {
  return {
    accept: vi.fn(async () => undefined),
    reject: vi.fn(async () => undefined),
    hangup: vi.fn(async () => undefined),
    sendDtmf: vi.fn(async () => undefined),
    failed: vi.fn(),
  };
}

const mounted: HTMLElement[] = [];
function mount(element: HTMLElement): HTMLElement {
  document.body.append(element);
  mounted.push(element);
  return element;
}
afterEach(() => {
  for (const element of mounted.splice(0)) element.remove();
});

describe('EventLog', () => {
  it('keeps the newest 200 rows, newest first', () => {
    const log = new EventLog();
    mount(log.element);
    for (let i = 0; i < 205; i++)
      log.add({ at: now, type: 'dtmf', callId: 'abcdef0123', detail: `event ${i}` });
    const details = [...log.element.querySelectorAll('li .detail')].map((node) => node.textContent);
    expect(log.size).toBe(200);
    expect(details[0]).toBe('event 204');
    expect(details.at(-1)).toBe('event 5');
    expect(log.element.querySelector('h2 .count')?.textContent).toBe('205');
    expect(log.element.querySelector('li .call')?.textContent).toBe('abcdef01');
  });
});

describe('CallsTable', () => {
  it('updates rows in place by call id and leaves unchanged rows untouched', async () => {
    const table = new CallsTable(fakeActions());
    mount(table.element);
    const first = makeCall('call-one');
    const second = makeCall('call-two', { state: 'ringing', timestamps: {} });
    table.update(new Map([[first.callId, first]]));
    table.update(
      new Map([
        [first.callId, first],
        [second.callId, second],
      ]),
    );
    const rows = () =>
      [...table.element.querySelectorAll('tbody tr[data-call-id]')] as HTMLElement[];
    expect(rows().map((row) => row.dataset.callId)).toEqual(['call-two', 'call-one']);
    const [secondRow, firstRow] = rows();

    const mutations: MutationRecord[] = [];
    const observer = new MutationObserver((records) => mutations.push(...records));
    observer.observe(firstRow as HTMLElement, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    const answered = { ...second, state: 'bridged' as const, timestamps: { answered: now } };
    table.update(
      new Map([
        [first.callId, first],
        [second.callId, answered],
      ]),
    );
    await Promise.resolve();
    observer.disconnect();

    expect(rows()[0]).toBe(secondRow);
    expect(rows()[1]).toBe(firstRow);
    expect(secondRow?.dataset.state).toBe('bridged');
    expect(mutations).toEqual([]);

    table.update(new Map([[second.callId, answered]]));
    expect(rows()).toEqual([secondRow]);
    table.update(new Map());
    expect(rows()).toEqual([]);
    expect((table.element.querySelector('tr.empty') as HTMLElement).hidden).toBe(false);
  });

  it('ticks talk time from the answer timestamp', () => {
    const table = new CallsTable(fakeActions());
    mount(table.element);
    const call = makeCall('call-tick');
    table.update(new Map([[call.callId, call]]));
    table.tick(now);
    expect(table.element.querySelector('td.duration')?.textContent).toBe('1:05');
    table.tick(now + 60_000);
    expect(table.element.querySelector('td.duration')?.textContent).toBe('2:05');
  });

  it('offers Accept/Reject for incoming calls and shows a failed action inline with its code', async () => {
    const actions = fakeActions();
    actions.accept = vi.fn(async () => {
      throw new CommandError('call-not-found', 'accept: callid not found');
    });
    const table = new CallsTable(actions);
    mount(table.element);
    const offer = makeCall('call-offer', {
      state: 'incoming',
      timestamps: {},
      expiresAt: now + 15_000,
    });
    table.update(new Map([[offer.callId, offer]]));
    (table.element.querySelector('button[data-action="accept"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(actions.failed).toHaveBeenCalled());
    expect(actions.accept).toHaveBeenCalledWith('call-offer');
    const error = table.element.querySelector('.error') as HTMLElement;
    expect(error.hidden).toBe(false);
    expect(error.dataset.code).toBe('call-not-found');
    expect(error.textContent).toBe('call-not-found: accept: callid not found');
    // Buttons are usable again after the failure.
    expect(
      (table.element.querySelector('button[data-action="accept"]') as HTMLButtonElement).disabled,
    ).toBe(false);
  });

  it('sends one digit per keypad press and shows digits from dtmf$', () => {
    const actions = fakeActions();
    const table = new CallsTable(actions);
    mount(table.element);
    const call = makeCall('call-keys');
    table.update(new Map([[call.callId, call]]));
    (table.element.querySelector('button[data-action="dtmf-#"]') as HTMLButtonElement).click();
    expect(actions.sendDtmf).toHaveBeenCalledWith('call-keys', '#');
    table.addDigits('call-keys', '12');
    table.addDigits('call-keys', '3');
    expect(table.element.querySelector('td.digits')?.textContent).toBe('123');
  });
});

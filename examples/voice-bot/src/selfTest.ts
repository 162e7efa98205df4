import type { ProgramTools, RemoteWorld } from '@callstream/example-support';
import { ExampleError } from '@callstream/example-support';
import { type Observable, ReplaySubject } from 'rxjs';
import type { BotOutcome } from './outcomes';

/** What a scripted caller can do once the bot answered. */
export interface CallerTurns {
  /** The bot's outcomes of this call (replayed from the start of the call). */
  outcome(predicate: (item: BotOutcome) => boolean, what: string): Promise<BotOutcome>;
  say(text: string): Promise<void>;
  press(digits: string): Promise<void>;
  hangUp(): Promise<void>;
}

/** One scripted caller: what they do, for the log, and their part of the conversation. */
export interface ScriptedCaller {
  readonly label: string;
  play(turns: CallerTurns): Promise<void>;
}

const playing = (line: string) => (item: BotOutcome) =>
  item.kind === 'playing' && item.line === line;
const said = (line: string) => (item: BotOutcome) => item.kind === 'said' && item.line === line;

/** The callers of `--self-test`: speech with barge-in, the keypad menu, a transfer, silence. */
export const SELF_TEST_CALLERS: readonly ScriptedCaller[] = [
  {
    label: 'asks for the opening hours over the greeting (barge-in), then says goodbye',
    async play(turns) {
      await turns.outcome(playing('greeting'), 'the greeting');
      await turns.say('hello what are your opening hours');
      await turns.outcome(said('hours'), 'the opening hours');
      await turns.say("thanks that's all goodbye");
    },
  },
  {
    label: 'keypad: 1 (opening hours), 7 (not on the menu), 9 (goodbye)',
    async play(turns) {
      await turns.outcome(said('greeting'), 'the greeting');
      await turns.press('1');
      await turns.outcome(said('hours'), 'the opening hours');
      await turns.press('7');
      await turns.outcome(said('badKey'), 'the menu again');
      await turns.press('9');
    },
  },
  {
    label: 'asks for a person, is transferred to the agent, talks, hangs up',
    async play(turns) {
      await turns.outcome(said('greeting'), 'the greeting');
      await turns.say('can I talk to a person please');
      await turns.outcome((item) => item.kind === 'transferred', 'the transfer');
      await turns.hangUp();
    },
  },
  {
    label: 'stays silent: asked again, then the bot says goodbye',
    async play() {},
  },
];

/**
 * Plays the callers one after the other against the emulator: each calls in from a number of
 * its own (how its call is recognised), plays its part and waits until the call ended.
 */
export async function selfTest(
  tools: Pick<ProgramTools, 'waitFor' | 'log'>,
  remote: RemoteWorld,
  outcomes$: Observable<BotOutcome>,
  callers: readonly ScriptedCaller[] = SELF_TEST_CALLERS,
): Promise<void> {
  const seen = new ReplaySubject<BotOutcome>();
  const recording = outcomes$.subscribe(seen);
  try {
    for (const [index, caller] of callers.entries()) {
      await playCaller(tools, remote, seen, caller, index);
    }
  } finally {
    recording.unsubscribe();
  }
}

async function playCaller(
  tools: Pick<ProgramTools, 'waitFor' | 'log'>,
  remote: RemoteWorld,
  outcomes$: Observable<BotOutcome>,
  caller: ScriptedCaller,
  index: number,
): Promise<void> {
  const from = `+1415555${String(300 + index).padStart(4, '0')}`;
  tools.log(`self-test caller ${index + 1}: ${caller.label}`);
  const answered = tools.waitFor(
    outcomes$,
    (item) => item.kind === 'answered' && item.from.endsWith(from.slice(1)),
    `the bot to answer caller ${index + 1}`,
  );
  await remote.ringIn(from);
  const { callId } = await answered;
  const ended = tools.waitFor(
    outcomes$,
    (item) => item.callId === callId && item.kind === 'ended',
    `the end of caller ${index + 1}'s call`,
  );
  await caller.play({
    outcome: (predicate, what) =>
      tools.waitFor(
        outcomes$,
        (item) => item.callId === callId && predicate(item),
        `${what} (caller ${index + 1})`,
      ),
    say: async (text) => {
      if (!remote.speak) {
        throw new ExampleError('emulator-required', 'this backend simulates no speech');
      }
      await remote.speak(callId, text);
    },
    press: (digits) => remote.pressDigits(callId, digits),
    hangUp: () => remote.hangup(callId),
  });
  await ended;
}

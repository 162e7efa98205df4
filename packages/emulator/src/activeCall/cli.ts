import { serveFromCli } from '../cliRun';
import { activeCallUsage, parseActiveCallArgs } from './cliArgs';
import { startActiveCallEmulator } from './emulator';
import type { ActiveCallEmulator } from './types';

function banner(emulator: ActiveCallEmulator, version: string, timing: string): string {
  const { options } = emulator;
  return [
    `callstream-emulator ${version} (RustPBX Active Call)`,
    `  ws:        ${emulator.wsUrl}/call/sip | /call/webrtc | /call`,
    `  http:      ${emulator.httpUrl}  (GET /list, /kill/{id}, /iceservers)`,
    `  webhook:   ${options.webhookUrl || '(none: inbound calls are held until accepted)'}`,
    `  timing:    ${timing}, accept timeout ${options.acceptTimeoutMs} ms`,
    '',
  ].join('\n');
}

/**
 * Runs `callstream-emulator --backend active-call …` (arguments without `--backend`): one JSON
 * ready line on stdout, logs on stderr, SIGINT/SIGTERM close the emulator and exit 0.
 *
 * @throws {CliUsageError} for a command line it cannot run (the caller exits 2).
 */
export async function runActiveCallCli(argv: readonly string[], version: string): Promise<void> {
  const command = parseActiveCallArgs(argv);
  if (command.kind === 'help') {
    process.stdout.write(activeCallUsage());
    return;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${version}\n`);
    return;
  }
  const timing =
    typeof command.emulator.timing === 'string' ? command.emulator.timing : 'realistic';
  await serveFromCli({
    logLevel: command.logLevel,
    start: (logger) => startActiveCallEmulator({ ...command.emulator, logger }),
    banner: (emulator) => banner(emulator, version, timing),
    readyLine: (emulator) => ({ ws: emulator.wsUrl, http: emulator.httpUrl }),
  });
}

#!/usr/bin/env node
// `callstream-emulator`: stdout carries exactly one JSON line (the URLs) so scripts can read it;
// everything meant for humans goes to stderr.
import packageJson from '../package.json' with { type: 'json' };
import { runActiveCallCli } from './activeCall/cli';
import { CliUsageError, parseCliArgs, selectBackend, usage } from './cliArgs';
import { fail, serveFromCli } from './cliRun';
import { type Emulator, startEmulator } from './index';
import { runTelnyxCli } from './telnyx/cli';
import { startTraffic, type TrafficHandle } from './traffic';

/** The start-up banner: the emulator's own dev credentials, which the user configured. */
function banner(
  emulator: Emulator,
  timing: string,
  traffic: { intervalMs?: number } | undefined,
): string {
  const { options } = emulator;
  const lines = [
    `callstream-emulator ${packageJson.version}`,
    `  ws:        ${emulator.wsUrl}`,
    `  http:      ${emulator.httpUrl}`,
    `  token:     ${emulator.token}   (valid for every app id and for MULTI)`,
    `  app ids:   ${emulator.appIds.join(', ')}`,
    `  DIDs:      ${(options.dids ?? []).join(', ') || '(none)'}`,
    `  pinlookup: ${(options.pinlookupDids ?? []).join(', ') || '(none)'}`,
    `  timing:    ${timing}, quirks ${options.quirks ? 'on' : 'off'}`,
  ];
  if (traffic !== undefined)
    lines.push(`  traffic:   a call every ${traffic.intervalMs ?? 4000} ms`);
  return `${lines.join('\n')}\n`;
}

async function main(args: readonly string[]): Promise<void> {
  let command: ReturnType<typeof parseCliArgs>;
  try {
    const { backend, argv } = selectBackend(args);
    if (backend === 'telnyx') return await runTelnyxCli(argv);
    if (backend === 'active-call') return await runActiveCallCli(argv, packageJson.version);
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    fail(`${error.message}\nRun "callstream-emulator --help" for usage.`);
    process.exitCode = 2;
    return;
  }
  if (command.kind === 'help') {
    process.stdout.write(usage());
    return;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${packageJson.version}\n`);
    return;
  }

  const timing = command.emulator.timing;
  const timingName =
    typeof timing === 'string' ? timing : timing === undefined ? 'realistic' : 'custom';
  let traffic: TrafficHandle | undefined;
  const { emulator, logger } = await serveFromCli({
    logLevel: command.logLevel,
    start: (logger) => startEmulator({ ...command.emulator, logger }),
    banner: (started) => banner(started, timingName, command.traffic),
    readyLine: (started) => ({ ws: started.wsUrl, http: started.httpUrl }),
    beforeClose: () => traffic?.stop(),
  });
  if (command.traffic !== undefined) {
    traffic = startTraffic(emulator, { ...command.traffic, logger });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  fail(
    `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});

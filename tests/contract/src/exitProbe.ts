// Runs in a child process: one call through a backend's client, then close(). Nothing here ends
// the process: it must exit by itself once the client is closed (no timer or socket left).
import { filter, firstValueFrom } from 'rxjs';
import type { ProbeFactory } from './suite';

const [modulePath, configJson] = process.argv.slice(2);
if (modulePath === undefined || configJson === undefined) {
  throw new Error('usage: exitProbe <module> <config-json>');
}
const { probe } = (await import(modulePath)) as { probe: ProbeFactory };
const { client, to, from } = await probe(JSON.parse(configJson));
await client.connect();
const { callId } = await client.dial({ to, from });
await firstValueFrom(
  client
    .call$(callId)
    .pipe(filter((call) => call.state === 'answered' || call.state === 'bridged')),
);
const ended = firstValueFrom(
  client.events$.pipe(filter((event) => event.callId === callId && event.type === 'removed')),
);
await client.hangup(callId);
await ended;
await client.close();
process.stdout.write('closed\n');

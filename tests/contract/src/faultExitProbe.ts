// Runs in a child process: one fault scenario through a backend's client, then close(). Nothing
// here ends the process: it must exit by itself once the client is closed (no timer or socket
// left), whatever the fault did to it.
import { supports } from '@callstream/core';
import { filter, firstValueFrom } from 'rxjs';
import type { FaultProbeFactory, ProbeScenario } from './faults';

const [modulePath, configJson, scenario] = process.argv.slice(2) as [
  string | undefined,
  string | undefined,
  ProbeScenario | undefined,
];
if (modulePath === undefined || configJson === undefined || scenario === undefined) {
  throw new Error('usage: faultExitProbe <module> <config-json> <scenario>');
}
const { faultProbe } = (await import(modulePath)) as { faultProbe: FaultProbeFactory };
const { client, to, from, drop, connected } = await faultProbe(JSON.parse(configJson));

const connect = async () => {
  await client.connect();
  await connected?.();
};

const answered = async () => {
  const { callId } = await client.dial({ to, from });
  await firstValueFrom(
    client
      .call$(callId)
      .pipe(filter((call) => call.state === 'answered' || call.state === 'bridged')),
  );
  return callId;
};

switch (scenario) {
  case 'close-while-connecting': {
    const connecting = client.connect().catch(() => 'rejected');
    await client.close();
    await connecting;
    break;
  }
  case 'close-while-reconnecting': {
    await connect();
    const callId = await answered();
    if (!supports(client, 'reconnect')) {
      // No link to re-establish: the nearest things are a command retrying against a backend
      // that is down, with its status check armed, and a new call whose socket is still opening
      // (a backend with a link per call). close() must cancel all of them.
      await drop();
      const retrying = client.hangup(callId).catch(() => 'rejected');
      const dialing = client.dial({ to, from }).catch(() => 'rejected');
      await client.close();
      await Promise.all([retrying, dialing]);
      break;
    }
    const reconnecting = firstValueFrom(
      client.state$.pipe(filter((state) => state.status !== 'connected')),
    );
    await drop();
    await reconnecting;
    await client.close();
    break;
  }
  case 'close-twice-at-once': {
    await connect();
    await answered();
    await Promise.all([client.close(), client.close()]);
    break;
  }
  case 'drop-mid-call': {
    await connect();
    await answered();
    await drop();
    await client.close();
    break;
  }
}
process.stdout.write('closed\n');

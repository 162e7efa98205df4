import { type ProgramSpec, runExample } from '@callstream/example-support';
import { websocketStatus } from './status';

const spec: ProgramSpec = {
  name: 'connect',
  summary:
    'Connects and registers, prints the session id, every connection state change and the server-side status of this client, then stays connected until Ctrl-C.',
  details: [
    'Records: state (every state$ change), connected (session id, client id, app id, DIDs),',
    'websocket-status (what GET /v1/api/websocket-status says about this client), event (any',
    'call event while connected), shutdown.',
  ],
  flags: {
    once: {
      type: 'boolean',
      description: 'exit 0 as soon as the client is registered and the status is printed',
    },
  },
  env: ['CM_HOST', 'AUTH_TOKEN', 'APPID', 'DID'],
};

await runExample(
  spec,
  async (context) => {
    const { client, config } = context;
    context.printEvents();
    const sessionId = await context.connect();
    context.emit({
      type: 'connected',
      sessionId,
      url: config.url,
      source: config.source,
      clientId: context.clientId,
      appId: config.appId,
      subscribedNumbers: client.subscribedNumbers,
    });
    context.emit(await websocketStatus(config.url, context.clientId));
    if (context.flags.once === true) return;
    context.log('connected: press Ctrl-C to disconnect');
    await context.untilStopped();
  },
  { client: (config) => (config.did === undefined ? {} : { subscribeNumbers: [config.did] }) },
);

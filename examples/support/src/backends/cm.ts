import { createClient, defaultMedia } from '@callstream/core';
import { scenario } from '@callstream/emulator';
import { ENV_VARS, loadConfig, requireSetting } from '../config';
import { remoteParty } from '../remoteParty';
import type { BackendProfile, BackendSession, RemoteWorld } from './types';

let rings = 0;

/** The Call Manager: CM_HOST & co. for a real one, else the embedded CM emulator. */
export const cmBackend: BackendProfile = {
  name: 'cm',
  summary: 'Call Manager (WebSocket); CM_HOST etc. for a real one',
  env: ENV_VARS,
  async open({ env, argv, timing, clientId, timeoutMs, log }): Promise<BackendSession> {
    const config = await loadConfig(env, argv, { ...(timing ? { timing } : {}), log });
    const { rtcToken, did } = config;
    const client = createClient({
      url: config.url,
      authToken: config.authToken,
      clientId,
      appId: config.appId,
      commandTimeoutMs: timeoutMs,
      connectTimeoutMs: timeoutMs,
      subscribeNumbers: did === undefined ? [] : [did],
      // Portable programs name no channel: each call gets its own, with the configured token.
      ...(rtcToken === undefined
        ? {}
        : { media: async (request) => ({ ...(await defaultMedia(request)), token: rtcToken }) }),
    });
    const remote = remoteParty(config);
    const world: RemoteWorld = {
      async ringIn(from) {
        const did = requireSetting(config, 'did');
        if (config.source === 'emulator') {
          rings += 1;
          await remote.call({ did, from, callid: `ring-${Date.now()}-${rings}` });
        } else {
          // A real CM: call our own DID (PROTOCOL §7.3); the leg we dial ends with the offer.
          await client.dial({ to: did, from: requireSetting(config, 'fromNumber') });
        }
      },
      pressDigits: (callId, digits) => remote.pressDigits(callId, digits),
      hangup: (callId) => remote.hangup(callId),
    };
    return {
      name: 'cm',
      client,
      source: config.source === 'emulator' ? 'emulator' : 'real',
      where: config.url,
      // Read when used: a program that never dials needs no FROM_NUMBER.
      get from() {
        return requireSetting(config, 'fromNumber');
      },
      dialTarget: (digits) =>
        config.source === 'emulator'
          ? scenario.pressDigits(digits)
          : requireSetting(config, 'toNumber'),
      remote: world,
      secrets: [config.authToken, ...(rtcToken === undefined ? [] : [rtcToken])],
      close: () => config.close(),
    };
  },
};

import {
  type AcceptParams,
  type CallstreamClient,
  type ClientOptions,
  createClient,
  type IncomingCall,
  MULTI,
} from '@callstream/core';
import type { DashboardConfig } from './config';
import { describeError, describeEvent, describeState, type ErrorText, shortId } from './format';
import { autoAcceptSwitch } from './views/autoAcceptSwitch';
import type { CallActions } from './views/callRow';
import { CallsTable } from './views/callsTable';
import { ConnectionBar } from './views/connectionBar';
import { DialForm } from './views/dialForm';
import { h } from './views/dom';
import { EventLog } from './views/eventLog';
import { header } from './views/header';
import { helpPanel } from './views/helpPanel';

/** A mounted dashboard. */
export interface Dashboard {
  /** The SDK client behind the page. */
  readonly client: CallstreamClient;
  /** Unsubscribes, stops the clock, closes the client and empties the root element. */
  dispose(): Promise<void>;
}

/** How often the time column is refreshed; cells are only written when their text changes. */
const TICK_MS = 250;
/** First uid used when accepting offers (each accept takes the next one). */
const FIRST_ACCEPT_UID = 100;

/**
 * Mounts the dashboard into `root` and connects. Every view is fed from one client stream:
 * `state$` → connection bar, `calls$` → calls table, `events$` → event log, `dtmf$` → digits
 * column, `incoming$` → the offers the Accept/Reject buttons answer, `errors$` → event log.
 */
export function startDashboard(
  root: HTMLElement,
  config: DashboardConfig,
  create: (options: ClientOptions) => CallstreamClient = createClient,
): Dashboard {
  const client = create({
    url: config.url,
    authToken: config.authToken,
    clientId: config.clientId,
    appId: config.appId,
    subscribeNumbers: config.subscribeNumbers,
  });
  const offers = new Map<string, IncomingCall>();
  let autoAccept = config.autoAccept;
  let nextAcceptUid = FIRST_ACCEPT_UID;

  const log = new EventLog();
  const logError = (error: ErrorText, callId?: string) =>
    log.add({
      at: Date.now(),
      type: 'error',
      callId,
      detail: `${error.code}: ${error.message}`,
      error: true,
    });

  const accept = (callId: string) => {
    const offer = offers.get(callId);
    // A fresh channel per accepted call: the Call Manager keys live calls by appid:channel:uid.
    const params: AcceptParams = { channel: `in-${shortId(callId)}`, uid: String(nextAcceptUid++) };
    // A MULTI connection must name the app id; the offer carries it.
    const appId = offer?.appId ?? client.getCall(callId)?.appId;
    if (config.appId === MULTI && appId) params.appId = appId;
    return offer ? offer.accept(params) : client.accept(callId, params);
  };
  const actions: CallActions = {
    accept,
    reject: (callId) => offers.get(callId)?.reject() ?? client.reject(callId),
    hangup: (callId) => client.hangup(callId),
    sendDtmf: (callId, digit) => client.sendDtmf(callId, digit),
    failed: (callId, error) => logError(error, callId),
  };

  const connection = new ConnectionBar({
    connect: () => connect(),
    disconnect: () => void client.close(),
  });
  const table = new CallsTable(
    actions,
    autoAcceptSwitch(config.autoAccept, (on) => {
      autoAccept = on;
    }),
  );
  const dial = new DialForm(
    { to: config.dialTo, from: config.dialFrom },
    (params) => client.dial(params),
    (error) => logError(error),
  );

  root.replaceChildren(
    header(config, connection.element),
    h(
      'main',
      { class: 'layout' },
      h('div', { class: 'primary-column' }, table.element, log.element),
      h('aside', {}, dial.element, helpPanel()),
    ),
  );

  // Structural type: rxjs is the SDK's dependency, not this app's.
  const subscriptions: { unsubscribe(): void }[] = [
    client.state$.subscribe((state) => {
      connection.update(state);
      log.add({
        at: Date.now(),
        type: 'state',
        detail: `${state.status} (${describeState(state)})`,
      });
    }),
    client.calls$.subscribe((calls) => {
      table.update(calls);
      for (const callId of offers.keys()) {
        if (calls.get(callId)?.state !== 'incoming') offers.delete(callId);
      }
    }),
    client.events$.subscribe((event) => {
      log.add({
        at: event.receivedAt,
        type: event.type,
        callId: event.callId,
        detail: describeEvent(event),
      });
    }),
    client.dtmf$.subscribe(({ callId, digits }) => table.addDigits(callId, digits)),
    client.incoming$.subscribe((offer) => {
      offers.set(offer.callId, offer);
      if (autoAccept)
        accept(offer.callId).catch((error: unknown) =>
          logError(describeError(error), offer.callId),
        );
    }),
    client.errors$.subscribe((error) => logError(describeError(error))),
  ];
  const clock = setInterval(() => table.tick(Date.now()), TICK_MS);

  function connect(): void {
    connection.showError(undefined);
    client.connect().catch((error: unknown) => {
      const text = describeError(error);
      connection.showError(text);
      logError(text);
    });
  }
  connect();

  return {
    client,
    async dispose() {
      clearInterval(clock);
      for (const subscription of subscriptions) subscription.unsubscribe();
      await client.close();
      root.replaceChildren();
    },
  };
}

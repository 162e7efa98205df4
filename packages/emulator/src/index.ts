export { startActiveCallEmulator } from './activeCall/emulator';
export type {
  ActiveCallEmulatorOptions,
  IceServer,
  ResolvedActiveCallOptions,
} from './activeCall/options';
export { AC_FAST_TIMING, AC_REALISTIC_TIMING, type ActiveCallTiming } from './activeCall/timing';
export type {
  ActiveCallEmulator,
  ActiveCallFaults,
  ActiveCallReceived,
  ActiveCallRemote,
  ActiveCallSessionSnapshot,
  ActiveCallState,
  ActiveCallStats,
  CallType,
  InboundOutcome,
  ReceivedCommandFrame,
  ReplayKind as ActiveCallReplayKind,
  SimulateInboundParams as ActiveCallInboundParams,
  SimulateInboundResult as ActiveCallInboundResult,
  SpeakOptions,
} from './activeCall/types';
export {
  DEFAULT_APP_IDS,
  DEFAULT_CALLER,
  DEFAULT_DIDS,
  DEFAULT_TOKEN,
  MULTI_APPID,
  PINLOOKUP_DID,
  WS_PATH,
} from './constants';
export { DTMF_ALPHABET, MAX_DTMF_DIGITS } from './dtmf';
export { MAX_DELAY_MS } from './duration';
export { startEmulator } from './emulator';
export { EmulatorError, type EmulatorErrorCode } from './errors';
export type { DropBudget, MessageFaultSettings } from './faultState';
export type { FrameLogStats } from './frameLog';
export { MAX_OUTAGE_MS } from './lifecycle';
export { DEFAULT_LIMITS, type EmulatorLimits } from './limits';
export { type EmulatorLogger, type LogFields, silentLogger } from './logger';
export { normalizeNumber } from './normalize';
export type { EmulatorOptions, ResolvedEmulatorOptions } from './options';
export { type ParsedScenario, parseScenario, type ScenarioKind, scenario } from './scenario';
export { startTelnyxEmulator } from './telnyx/emulator';
export {
  DEFAULT_TELNYX_API_KEY,
  DEFAULT_TELNYX_CONNECTION_ID,
  type ResolvedTelnyxOptions,
  type TelnyxEmulatorOptions,
  type TelnyxKeyPair,
  type TelnyxRateLimit,
} from './telnyx/options';
export { FAST_TELNYX_TIMING, REALISTIC_TELNYX_TIMING, type TelnyxTiming } from './telnyx/timing';
export type {
  SimulateTelnyxInboundParams,
  TelnyxApiRequest,
  TelnyxCall,
  TelnyxCallState,
  TelnyxDeliveryFault,
  TelnyxDeliveryOutcome,
  TelnyxEmulator,
  TelnyxFaultBudget,
  TelnyxFaults,
  TelnyxInboundCall,
  TelnyxRemoteControl,
  TelnyxStats,
  TelnyxWebhookDelivery,
} from './telnyx/types';
export { type EmulatorTiming, FAST_TIMING, REALISTIC_TIMING } from './timing';
export {
  startTraffic,
  type TrafficHandle,
  type TrafficOptions,
  type TrafficStats,
  type TrafficTarget,
} from './traffic';
export type {
  ClientFilter,
  Emulator,
  EmulatorFaults,
  EmulatorLeg,
  EmulatorLegState,
  EmulatorStats,
  FaultSettings,
  LookupOutcome,
  ReceivedFrame,
  RemoteControl,
  SimulateInboundParams,
  WebsocketStatus,
  WebsocketStatusClient,
} from './types';

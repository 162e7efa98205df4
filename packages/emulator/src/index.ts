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
  ActiveCallRemote,
  ActiveCallSessionSnapshot,
  ActiveCallState,
  ActiveCallStats,
  CallType,
  InboundOutcome,
  ReceivedCommandFrame,
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
export { startEmulator } from './emulator';
export { EmulatorError, type EmulatorErrorCode } from './errors';
export { type EmulatorLogger, type LogFields, silentLogger } from './logger';
export { normalizeNumber } from './normalize';
export type { EmulatorOptions, ResolvedEmulatorOptions } from './options';
export { type ParsedScenario, parseScenario, type ScenarioKind, scenario } from './scenario';
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
  LookupOutcome,
  ReceivedFrame,
  RemoteControl,
  SimulateInboundParams,
  WebsocketStatus,
  WebsocketStatusClient,
} from './types';

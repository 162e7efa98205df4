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
export { DEFAULT_LIMITS, type EmulatorLimits } from './limits';
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
  FaultSettings,
  LookupOutcome,
  ReceivedFrame,
  RemoteControl,
  SimulateInboundParams,
  WebsocketStatus,
  WebsocketStatusClient,
} from './types';

export { type FlagSpec, type FlagValues, type ProgramSpec, commonFlags, helpText, intFlag, parseFlags, textFlag } from './cli';
export { CM_WS_PATH, cmUrl, httpOrigin } from './cmUrl';
export {
  ENV_VARS,
  EMULATOR_FROM_NUMBER,
  type ExampleConfig,
  type LoadConfigOptions,
  loadConfig,
  requireSetting,
} from './config';
export { ExampleError, type ExampleErrorCode, describeError, exitCodeOf } from './errors';
export { type JsonRecord, type Output, type OutputOptions, type TextSink, createOutput, emit, output, redactSecrets } from './output';
export { callFields, errorRecord, eventRecord, stateRecord } from './records';
export { type RemoteParty, remoteParty } from './remoteParty';
export { type ExampleContext, type RunOptions, runExample } from './run';
export { releaseCalls } from './shutdown';
export {
  BRIDGE_GRACE_MS,
  HANGUP_SETTLE_MS,
  type StepHost,
  awaitEnd,
  awaitMedia,
  dtmfRoundTrip,
  hangUpAndWait,
  hasEnded,
} from './steps';
export { type WaitOptions, waitFor, within } from './wait';

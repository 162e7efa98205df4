export {
  BACKEND_NAMES,
  BACKENDS,
  type BackendName,
  type BackendProfile,
  type BackendSession,
  type OpenOptions,
  parseBackends,
  type RemoteWorld,
} from './backends';
export {
  ACTIVE_CALL_ENV_VARS,
  type ActiveCallSetup,
  openActiveCall,
} from './backends/activeCall';
export {
  commonFlags,
  type FlagSpec,
  type FlagValues,
  helpText,
  intFlag,
  mediaFlags,
  type ProgramSpec,
  parseFlags,
  textFlag,
} from './cli';
export { CM_WS_PATH, cmUrl, httpOrigin } from './cmUrl';
export {
  EMULATOR_FROM_NUMBER,
  ENV_VARS,
  type ExampleConfig,
  type LoadConfigOptions,
  loadConfig,
  requireSetting,
} from './config';
export { describeError, ExampleError, type ExampleErrorCode, exitCodeOf } from './errors';
export { type Lifecycle, type LifecycleOptions, type Resource, runLifecycle } from './lifecycle';
export { dialParams, mediaParams, RING_TIMEOUT_SEC, tokenParam } from './media';
export {
  createOutput,
  emit,
  type JsonRecord,
  type Output,
  type OutputOptions,
  output,
  redactSecrets,
  type TextSink,
} from './output';
export {
  backendFlag,
  type PortableContext,
  type PortableOptions,
  type PortableSession,
  runPortable,
} from './portable';
export { callFields, errorRecord, eventRecord, stateRecord } from './records';
export { type RemoteParty, remoteParty } from './remoteParty';
export {
  type ExampleContext,
  type ProgramTools,
  programTools,
  RELEASE_TIMEOUT_MS,
  type RunOptions,
  runExample,
} from './run';
export { isOwned, releaseCalls } from './shutdown';
export {
  ANSWER_MARGIN_MS,
  type AwaitMediaOptions,
  answerWaitMs,
  awaitEnd,
  awaitMedia,
  BRIDGE_GRACE_MS,
  dtmfRoundTrip,
  HANGUP_SETTLE_MS,
  hangUpAndWait,
  hasEnded,
  type StepHost,
} from './steps';
export { type WaitOptions, waitFor, within } from './wait';

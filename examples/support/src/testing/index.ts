export { emulatorEnv, matchInOrder, timeline } from './emulatorEnv';
export {
  type PrintedRecord,
  type ProgramExit,
  type ProgramRun,
  runProgram,
  type StartProgramOptions,
  startProgram,
} from './program';

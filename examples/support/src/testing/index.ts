export {
  type PrintedRecord,
  type ProgramExit,
  type ProgramRun,
  type StartProgramOptions,
  runProgram,
  startProgram,
} from './program';

export { collectEntry, type EntryRules } from './collectEntry';
export { ivr } from './ivr';
export {
  type IvrOptions,
  type IvrRoute,
  type IvrSettings,
  resolveIvrOptions,
  standardMenu,
} from './options';
export type { IvrOutcome } from './outcomes';

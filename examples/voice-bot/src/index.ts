export { voiceBot } from './bot';
export { type CallerInput, CallerInputs, type NextInput } from './inputs';
export { type Intent, intentOfDigit, intentOfText, MENU_KEYS } from './intents';
export {
  EMULATOR_CALL_OPTION,
  resolveVoiceBotOptions,
  type VoiceBotOptions,
  type VoiceBotSettings,
} from './options';
export type { BotOutcome } from './outcomes';
export { LINES, type LineName } from './script';

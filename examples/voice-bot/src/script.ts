/** What the bot says. Kept in one place so a deployment can reword it. */
export const LINES = {
  greeting:
    'Welcome to Callstream Pizza. You can ask me about our opening hours or ask for an agent. ' +
    'Or use the keypad: press 1 for opening hours, 2 for an agent, or 9 to hang up.',
  hours:
    'We are open every day from eleven in the morning to eleven at night. ' +
    'Anything else? Say agent, or press 2.',
  agent: 'Connecting you to an agent, please hold.',
  agentBusy: 'Sorry, all agents are busy right now. Please try again later.',
  notUnderstood: "Sorry, I didn't get that. Say opening hours, or agent, or press 1 or 2.",
  badKey: 'That key is not on the menu. Press 1 for opening hours, 2 for an agent, 9 to hang up.',
  reprompt: 'Are you still there? Press 1 for opening hours or 2 for an agent.',
  goodbye: 'Thank you for calling Callstream Pizza. Goodbye!',
} as const;

/** A line's name. */
export type LineName = keyof typeof LINES;

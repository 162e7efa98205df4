import { ExampleError } from '../errors';

/** The environment a program reads its settings from. */
export type SettingsEnv = Readonly<Record<string, string | undefined>>;

/** A set, non-blank environment variable, trimmed; `undefined` otherwise. */
export function readSetting(env: SettingsEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * A reader of the variables a backend needs once `switchName` points it at a real service: it
 * returns the trimmed value, or throws `missing-config` naming the variable and what it is for.
 */
export function requiredSetting<V extends Readonly<Record<string, string>>>(
  vars: V,
  switchName: string,
): (env: SettingsEnv, name: keyof V & string) => string {
  return (env, name) => {
    const value = readSetting(env, name);
    if (value !== undefined) return value;
    throw new ExampleError(
      'missing-config',
      `${name} is required when ${switchName} is set (${vars[name]})`,
    );
  };
}

/// <reference types="vite/client" />

/** Build-time defaults; each is overridden by the matching URL query parameter. */
interface ImportMetaEnv {
  /** Call Manager WebSocket URL (`?ws=`). */
  readonly VITE_CM_URL?: string;
  /** Auth token, `Basic …` (`?token=`). Baked into the bundle: development use only. */
  readonly VITE_AUTH_TOKEN?: string;
  /** App id (`?appid=`). */
  readonly VITE_APPID?: string;
  /** Comma-separated DIDs to receive offers for (`?did=`). */
  readonly VITE_DIDS?: string;
  /** Prefilled "to" of the dial form (`?to=`). */
  readonly VITE_DIAL_TO?: string;
  /** Prefilled "from" of the dial form (`?from=`). */
  readonly VITE_DIAL_FROM?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

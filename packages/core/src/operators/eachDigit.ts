import { concatMap, from, type OperatorFunction } from 'rxjs';
import type { DtmfReceived } from '../engine/events';

/**
 * Splits multi-digit DTMF items into one item per digit, so code that collects digits works the
 * same whether the backend reports `"1234#"` at once (the CM's echo of `send_dtmf`, a Telnyx
 * gather) or digit by digit (real key presses). Works on `dtmf$` of any backend.
 */
export function eachDigit<
  T extends Pick<DtmfReceived, 'digits'> = DtmfReceived,
>(): OperatorFunction<T, T> {
  return concatMap((item) => from([...item.digits].map((digits) => ({ ...item, digits }))));
}

import { concatMap, from, type OperatorFunction } from 'rxjs';
import type { DtmfReceived } from '../events';

/**
 * Splits multi-digit DTMF items into one item per digit, so code that collects digits works the
 * same whether the server reports `"1234#"` at once (its echo of `send_dtmf`) or digit by digit
 * (real key presses).
 */
export function eachDigit(): OperatorFunction<DtmfReceived, DtmfReceived> {
  return concatMap((item) => from([...item.digits].map((digits) => ({ ...item, digits }))));
}

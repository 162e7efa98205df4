import { dtmfProblem } from '../dtmf';
import {
  bridgeCall,
  echoDtmf,
  isAnswered,
  transferCall,
  unbridgeCall,
} from '../gateway/callControl';
import { endCall, localHangupSpec } from '../gateway/teardown';
import { CALLID_NOT_FOUND, failReply, okReply } from '../replies';
import { type CommandRequest, field, findLeg } from './request';

/** Spellings of `transfer.leg` in the Go README and the REST doc (§5.3); '' = default (A). */
const TRANSFER_LEGS = new Set(['', 'a', 'b', 'aleg', 'bleg']);

/** `endcall` and `hangup`: either one, on any leg; both legs of a loopback go down. */
export function handleHangup(request: CommandRequest): void {
  const leg = findLeg(request);
  if (!leg) {
    request.respond(failReply(request.action, 404, CALLID_NOT_FOUND));
    return;
  }
  request.respond(okReply(request.action));
  endCall(request.ctx, leg, localHangupSpec(leg), request.ctx.options.timing.hangupMs);
}

/** `bridge`: join (or move) the leg's Agora side; needs an answered call. */
export function handleBridge(request: CommandRequest): void {
  const leg = findLeg(request);
  if (!leg) {
    request.respond(failReply('bridge', 404, CALLID_NOT_FOUND));
    return;
  }
  if (!isAnswered(leg)) {
    request.respond(failReply('bridge', 409, 'call not answered'));
    return;
  }
  request.respond(okReply('bridge'));
  bridgeCall(request.ctx, leg, field(request, 'channel'), field(request, 'uid'));
}

/** `unbridge`: leave the Agora channel; the call must be bridged. */
export function handleUnbridge(request: CommandRequest): void {
  const leg = findLeg(request);
  if (!leg) {
    request.respond(failReply('unbridge', 404, CALLID_NOT_FOUND));
    return;
  }
  if (!leg.bridged) {
    request.respond(failReply('unbridge', 409, 'call not bridged'));
    return;
  }
  request.respond(okReply('unbridge'));
  unbridgeCall(request.ctx, leg);
}

/** `transfer`: blind transfer of an answered call to `destination`. */
export function handleTransfer(request: CommandRequest): void {
  const legName = field(request, 'leg').toLowerCase();
  if (!TRANSFER_LEGS.has(legName)) {
    request.respond(
      failReply('transfer', 400, 'invalid parameter: leg must be A, B, aleg or bleg'),
    );
    return;
  }
  const leg = findLeg(request);
  if (!leg) {
    request.respond(failReply('transfer', 404, CALLID_NOT_FOUND));
    return;
  }
  if (!isAnswered(leg)) {
    request.respond(failReply('transfer', 409, 'call not answered'));
    return;
  }
  request.respond(okReply('transfer'));
  transferCall(request.ctx, leg, field(request, 'destination'));
}

/** `send_dtmf`: reply, then exactly one `dtmf_received` echo with the same digits. */
export function handleSendDtmf(request: CommandRequest): void {
  const digits = field(request, 'digits');
  const problem = dtmfProblem(digits);
  if (problem !== undefined) {
    request.respond(failReply('send_dtmf', 400, `invalid parameter: ${problem}`));
    return;
  }
  const leg = findLeg(request);
  if (!leg) {
    request.respond(failReply('send_dtmf', 404, CALLID_NOT_FOUND));
    return;
  }
  request.respond(okReply('send_dtmf'));
  echoDtmf(request.ctx, leg, digits);
}

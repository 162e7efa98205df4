import { faultMatrix } from '../src/faults';
import { telnyxHarness } from '../src/harnesses/telnyx';

faultMatrix(telnyxHarness);

import { faultMatrix } from '../src/faults';
import { activeCallFaultHarness } from '../src/harnesses/activeCallFaults';

faultMatrix(activeCallFaultHarness);

import { faultMatrix } from '../src/faults';
import { cmHarness } from '../src/harnesses/cm';

faultMatrix(cmHarness);

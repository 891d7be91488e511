// Entry point for `pulumi up` (Pulumi.yaml `main: main.ts`): the engine calls the exported
// function and publishes what it returns as stack outputs. See program.ts. The package root,
// index.ts, is the library: it starts no program.
import { ec2Access } from "./program";

export = ec2Access;

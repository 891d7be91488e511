// The component provider (PulumiPlugin.yaml `main: dist/provider.js`): what Pulumi starts when a
// Python, Go, C#, Java or YAML program uses this package (`pulumi package add`). Pulumi's
// analyzer reads the four classes' args and outputs from the TypeScript sources under the
// package root (tsconfig.json, entry index.ts) to infer the schema, tokens
// `ec2-access:index:<Class>`, and each construct request builds the same class a TypeScript
// program would. See docs/components.md.
import * as path from "node:path";
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { InstanceConnectAccess, OrganizationGuardrails, SerialConsoleAccess, SessionManagerAccess } from "./index";

void componentProviderHost({
  name: "ec2-access",
  // The package root, not dist/: the analyzer needs package.json, tsconfig.json and index.ts.
  dirname: path.join(__dirname, ".."),
  components: [SerialConsoleAccess, InstanceConnectAccess, SessionManagerAccess, OrganizationGuardrails],
});

// The component provider (PulumiPlugin.yaml `main: dist/provider.js`): what Pulumi starts when a
// Python, Go, C#, Java or YAML program uses this package (`pulumi package add`). Pulumi's
// analyzer infers the schema from the facades of components/portable/ (their own package.json
// and tsconfig.json, entry index.ts): the TypeScript components' args use types it refuses
// (literal unions, `true`, `string | string[]`), so each facade takes args it can read and
// builds the TypeScript component as its child. Tokens `ec2-access:index:<Class>`. See
// docs/components.md.
import * as path from "node:path";
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { InstanceConnectAccess, OrganizationGuardrails, SerialConsoleAccess, SessionManagerAccess } from "./components/portable/index";

void componentProviderHost({
  name: "ec2-access",
  // The TypeScript sources, not dist/: the analyzer reads the facades' types.
  dirname: path.join(__dirname, "..", "components", "portable"),
  components: [SerialConsoleAccess, InstanceConnectAccess, SessionManagerAccess, OrganizationGuardrails],
});

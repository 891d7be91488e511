// What the pulumi/examples corpus bench records per program: shared by the driver
// (examplesCorpus.ts) and the child that runs one program (examplesCorpusProgram.ts).

export interface PrincipalReport {
  key: string;
  /** Where each document comes from: `inline <urn>`, `managed <arn>`, `aws-managed <arn>`. */
  documents: { source: string; document: unknown }[];
  /** Requests the simulator allows on these documents. */
  allowed: string[];
  /** Rules with a violation on the principal, its policies or its attachments. */
  flaggedBy: string[];
}

export interface ProgramReport {
  program: string;
  status: "ran" | "failed";
  error?: string;
  resources?: number;
  types?: Record<string, number>;
  violations?: { policy: string; urn: string; message: string }[];
  principals?: PrincipalReport[];
  fakedCalls?: string[];
  /** Required config keys without a value in the program, given a placeholder. */
  placeholders?: string[];
  /** Resources whose asset/archive props were replaced (see withoutAssets). */
  resourcesWithAssets?: number;
  /** Registrations that failed without failing the program (their resources are missing). */
  registrationErrors?: string[];
  seconds: number;
}

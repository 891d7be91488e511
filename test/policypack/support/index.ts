export * from "./runRule";
export * from "./seeds";
export * from "./metadata";

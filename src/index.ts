export * from "./matrix";
export * from "./random";
export * from "./validate";

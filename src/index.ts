export * from "./matrix";
export * from "./random";

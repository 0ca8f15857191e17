/** The L-layer network: a list of layers, its workspace, its passes, its evaluation. */
export * from "./parameters";
export * from "./workspace";
export * from "./passes";
export * from "./evaluate";

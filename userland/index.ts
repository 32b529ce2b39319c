// The `kernsim` package entry: the kernel's public surface plus
// defineProgram (the C runtime start, which belongs to userland).

export * from "../kernel/index.ts";
export { defineProgram } from "./libc/crt0.ts";
export type { Main, ProgramInfo } from "./libc/crt0.ts";

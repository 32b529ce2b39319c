// Module resolution hook: "kernsim", "kernsim/libc" and "kernsim/test"
// always resolve to this installation, so a scenario file anywhere on disk
// (no node_modules beside it) runs, and shares the kernel's modules with
// the command that loaded it.
const root = new URL("../", import.meta.url);
const entries = {
  kernsim: "userland/index.ts",
  "kernsim/libc": "userland/libc/index.ts",
  "kernsim/test": "test/helpers/index.ts",
};

export async function resolve(specifier, context, next) {
  const target = entries[specifier];
  if (target) return { url: new URL(target, root).href, shortCircuit: true };
  return next(specifier, context);
}

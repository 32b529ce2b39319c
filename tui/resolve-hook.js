// Module resolution hook: "kernsim", "kernsim/libc" and "kernsim/test"
// always resolve to this installation, so a scenario file anywhere on disk
// (no node_modules beside it) runs, and shares the kernel's modules with
// the command that loaded it.
const root = new URL("../", import.meta.url);
const entries = {
  kernsim: "userland/index.ts",
  "kernsim/libc": "userland/libc/index.ts",
  "kernsim/test": "test/helpers/index.ts",
  "kernsim/scenarios": "userland/scenarios/index.ts",
};

export async function resolve(specifier, context, next) {
  const target = entries[specifier];
  if (target) return { url: new URL(target, root).href, format: "module", shortCircuit: true };
  const r = await next(specifier, context);
  // A user's .ts file outside any package would default to CommonJS; kernsim
  // programs are ES modules (they import "kernsim" and use import/export).
  if (r.url.startsWith("file:") && /\.tsx?$/.test(r.url) && !r.url.includes("/node_modules/") && !r.format) {
    return { ...r, format: "module" };
  }
  return r;
}

export async function load(url, context, next) {
  if (url.startsWith("file:") && /\.tsx?$/.test(url) && !url.includes("/node_modules/")) {
    return next(url, { ...context, format: "module" });
  }
  return next(url, context);
}

// `npm run docs`: regenerates the documentation that is derived from code.
import { writeFileSync } from "node:fs";
import { syscallsMarkdown } from "../../kernel/syscall/docs.ts";

const target = new URL("../../docs/syscalls.md", import.meta.url);
writeFileSync(target, syscallsMarkdown());
process.stdout.write(`wrote ${target.pathname}\n`);

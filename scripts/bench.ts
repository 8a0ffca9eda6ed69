/**
 * `npm run bench`: the performance figures quoted in the README. Pure
 * benchmarks run directly; the intake one runs inside the emulator suite.
 */
import os from "node:os";
import path from "node:path";
import { build, execWithEmulators, ports, root, run } from "./emulators.ts";
import { startMailCapture } from "./mail-capture.ts";

console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
build();
run(process.execPath, [path.join(root, "bench/matching.ts")]);
run(process.execPath, [path.join(root, "bench/coldStart.ts")]);
const mail = await startMailCapture(ports.mail);
const code = await execWithEmulators(`node ${path.join(root, "bench/intake.ts")}`);
await mail.close();
process.exit(code);

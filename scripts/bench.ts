/**
 * `npm run bench`: the performance figures in bench/README.md. Pure
 * benchmarks run directly; the intake one runs inside the emulator suite.
 */
import os from "node:os";
import path from "node:path";
import { build, execWithEmulators, localResendRateLimit, ports, root, run } from "./emulators.ts";
import { startMailCapture } from "./mail-capture.ts";

console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
build();
// `npm run bench -- --year`: the cost model alone.
const yearOnly = process.argv.includes("--year");
if (!yearOnly) {
  run(process.execPath, [path.join(root, "bench/matching.ts")]);
  run(process.execPath, [path.join(root, "bench/coldStart.ts")]);
}
// The cost model: a simulated year through the functions on the Firestore emulator, then its price.
const vitest = path.join(root, "node_modules/.bin/vitest");
const year = await execWithEmulators(`${vitest} run --project costs`, {}, localResendRateLimit, "firestore");
if (year !== 0) process.exit(year);
run(process.execPath, [path.join(root, "bench/costs.ts")]);
if (yearOnly) process.exit(0);
const mail = await startMailCapture(ports.mail, { requestsPerSecond: localResendRateLimit });
const intake = await execWithEmulators(`node ${path.join(root, "bench/intake.ts")}`);
await mail.close();
// Throughput in production terms: Resend's lowest default rate limit, for the capture server and the functions.
const resendLowest = 2;
const limited = await startMailCapture(ports.mail, { requestsPerSecond: resendLowest });
const throughput = await execWithEmulators(`node ${path.join(root, "bench/mailThroughput.ts")}`, {}, resendLowest);
await limited.close();
process.exit(intake || throughput);

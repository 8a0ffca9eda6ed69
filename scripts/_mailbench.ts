import path from "node:path";
import { build, execWithEmulators, ports, root } from "./emulators.ts";
import { startMailCapture } from "./mail-capture.ts";
build();
const limited = await startMailCapture(ports.mail, { requestsPerSecond: 2 });
const code = await execWithEmulators(`node ${path.join(root, "bench/mailThroughput.ts")}`, {}, 2);
await limited.close();
process.exit(code);

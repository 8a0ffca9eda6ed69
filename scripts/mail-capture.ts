/**
 * A Resend-compatible capture server for local runs and tests, on loopback
 * only. It answers the endpoints the Resend SDK calls (POST /emails and
 * /emails/batch) like Resend does, honours Idempotency-Key, and keeps what
 * it receives:
 *   GET  /               the captured emails, for people
 *   GET  /emails/:id     one email's HTML
 *   GET  /_captured      the captured emails as JSON, for tests
 *   GET  /_requests      every send request received (to count attempts)
 *   POST /_faults        {status, times, to?, name?, message?, retryAfter?}:
 *                        fail the next sends (to `to`, if given) on purpose
 *   DELETE /_captured    forget everything, faults included
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";

export interface CapturedEmail {
  id: string;
  idempotencyKey: string | null;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string | null;
  html: string | null;
  replyTo: string[] | null;
  attachments: { filename: string; contentType: string | null }[];
}

/** One send request as the server saw it, with the status it answered. */
export interface SendRequest {
  at: string;
  to: string[];
  idempotencyKey: string | null;
  status: number;
}

/** A failure to inject: the next `times` sends (to `to`, if given) answer `status`. */
export interface Fault {
  status: number;
  times: number;
  to?: string;
  name?: string;
  message?: string;
  retryAfter?: number;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : []);

export function createMailCapture() {
  const emails: CapturedEmail[] = [];
  const requests: SendRequest[] = [];
  const byKey = new Map<string, { body: string; id: string }>();
  let faults: Fault[] = [];

  function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  }

  /** One email as Resend would treat it; returns the status and body to answer. */
  function accept(
    payload: Record<string, unknown>,
    key: string | null,
  ): { status: number; body: object; headers?: Record<string, string> } {
    const to = asList(payload.to);
    const fault = faults.find((f) => f.times > 0 && (!f.to || to.includes(f.to)));
    if (fault) {
      fault.times -= 1;
      faults = faults.filter((f) => f.times > 0);
      return {
        status: fault.status,
        body: {
          statusCode: fault.status,
          name: fault.name ?? "application_error",
          message: fault.message ?? "Injected failure",
        },
        headers: fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {},
      };
    }
    if (typeof payload.from !== "string" || to.length === 0 || typeof payload.subject !== "string") {
      return {
        status: 422,
        body: { statusCode: 422, name: "validation_error", message: "from, to and subject are required" },
      };
    }
    const canonical = JSON.stringify(payload);
    if (key) {
      const seen = byKey.get(key);
      if (seen && seen.body !== canonical) {
        return {
          status: 409,
          body: { statusCode: 409, name: "invalid_idempotent_request", message: "Same key, other payload" },
        };
      }
      if (seen) return { status: 200, body: { id: seen.id } };
    }
    const id = randomUUID();
    if (key) byKey.set(key, { body: canonical, id });
    emails.push({
      id,
      idempotencyKey: key,
      receivedAt: new Date().toISOString(),
      from: payload.from,
      to,
      subject: payload.subject,
      text: typeof payload.text === "string" ? payload.text : null,
      html: typeof payload.html === "string" ? payload.html : null,
      replyTo: payload.reply_to ? asList(payload.reply_to) : null,
      attachments: (Array.isArray(payload.attachments) ? (payload.attachments as Record<string, unknown>[]) : []).map(
        (a) => ({
          filename: String(a.filename ?? ""),
          contentType:
            typeof a.content_type === "string"
              ? a.content_type
              : typeof a.contentType === "string"
                ? a.contentType
                : null,
        }),
      ),
    });
    return { status: 200, body: { id } };
  }

  function listPage(): string {
    const rows = [...emails]
      .reverse()
      .map(
        (e) =>
          `<tr><td>${escape(e.receivedAt)}</td><td>${escape(e.to.join(", "))}</td><td><a href="/emails/${e.id}">${escape(e.subject)}</a></td><td>${escape(e.idempotencyKey ?? "")}</td></tr>`,
      )
      .join("");
    return `<!doctype html><html lang="ca"><head><meta charset="utf-8"><title>Correus capturats</title>
<style>body{font-family:sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style></head>
<body><h1>Correus capturats (${emails.length})</h1><p>Servidor local compatible amb Resend: aquí no s'envia res de debò.</p>
<table><thead><tr><th>Rebut</th><th>Per a</th><th>Assumpte</th><th>Id del document mail</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://localhost");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const key = (req.headers["idempotency-key"] as string | undefined) ?? null;

    if (req.method === "POST" && (url.pathname === "/emails" || url.pathname === "/emails/batch")) {
      if (!/^Bearer \S+/.test(req.headers.authorization ?? "")) {
        return json(res, 401, { statusCode: 401, name: "missing_api_key", message: "Missing API key" });
      }
      let payload: unknown;
      try {
        payload = JSON.parse(raw);
      } catch {
        return json(res, 400, { statusCode: 400, name: "invalid_body", message: "Body is not JSON" });
      }
      if (url.pathname === "/emails/batch") {
        const items = Array.isArray(payload) ? (payload as Record<string, unknown>[]) : [];
        const results = items.map((item, i) => accept(item, key ? `${key}#${i}` : null));
        const failed = results.find((r) => r.status !== 200);
        if (failed) return json(res, failed.status, failed.body, failed.headers);
        return json(res, 200, { data: results.map((r) => r.body) });
      }
      const result = accept(payload as Record<string, unknown>, key);
      requests.push({
        at: new Date().toISOString(),
        to: asList((payload as { to?: unknown }).to),
        idempotencyKey: key,
        status: result.status,
      });
      return json(res, result.status, result.body, result.headers);
    }
    if (req.method === "GET" && url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(listPage());
    }
    if (req.method === "GET" && url.pathname.startsWith("/emails/")) {
      const email = emails.find((e) => e.id === url.pathname.slice("/emails/".length));
      if (!email) return json(res, 404, { statusCode: 404, name: "not_found", message: "No such email" });
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(email.html ?? `<pre>${escape(email.text ?? "")}</pre>`);
    }
    if (req.method === "GET" && url.pathname === "/_captured") {
      const to = url.searchParams.get("to");
      return json(res, 200, to ? emails.filter((e) => e.to.includes(to)) : emails);
    }
    if (req.method === "GET" && url.pathname === "/_requests") return json(res, 200, requests);
    if (req.method === "DELETE" && url.pathname === "/_captured") {
      emails.length = 0;
      requests.length = 0;
      byKey.clear();
      faults = [];
      return json(res, 200, { cleared: true });
    }
    if (req.method === "POST" && url.pathname === "/_faults") {
      const fault = JSON.parse(raw || "{}") as Fault;
      if (!Number.isInteger(fault.status) || !Number.isInteger(fault.times)) {
        return json(res, 400, { error: "status and times are required integers" });
      }
      faults.push(fault);
      return json(res, 200, { faults });
    }
    return json(res, 404, { statusCode: 404, name: "not_found", message: `No route ${req.method} ${url.pathname}` });
  }

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      json(res, 500, { statusCode: 500, name: "capture_error", message: String(error) }),
    );
  });
}

export function startMailCapture(port: number): Promise<{ close: () => Promise<void> }> {
  const server = createMailCapture();
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () =>
      resolve({ close: () => new Promise<void>((done) => server.close(() => done())) }),
    );
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const port = Number(process.argv[2] ?? 4748);
  await startMailCapture(port);
  console.log(`Mail capture listening on http://127.0.0.1:${port}`);
}

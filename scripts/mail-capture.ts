/**
 * A Resend-compatible capture server for local runs and tests, on loopback
 * only. It answers the endpoints the Resend SDK calls (POST /emails and
 * /emails/batch) like Resend does, honours Idempotency-Key, and keeps what
 * it receives:
 *   GET  /               the captured emails, for people
 *   GET  /emails/:id     one email's HTML
 *   GET  /_captured      the captured emails as JSON, for tests
 *   GET  /_requests      every send request received (to count attempts)
 *   POST /_faults        {status, times, to?, name?, message?, retryAfter?, delayMs?}:
 *                        fail the next sends (to `to`, if given) on purpose
 *   POST /_rate-limit    {requestsPerSecond}: answer 429 as Resend does past
 *                        that many send requests in any second (0: no limit)
 *   POST /_webhook       {enabled}: after each accepted email, post Resend's
 *                        event for it, signed as Resend signs (Svix), to the
 *                        webhook URL given at start — `email.delivered`, or
 *   POST /_bounces       {to, type?}: `email.bounced` (or "complained") for
 *                        every later email to that address
 *   GET  /_events        every event posted, with the status it was answered
 *   DELETE /_captured    forget everything, faults included (the rate limit stays)
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
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
  /** As sent: `content` is base64, so a test reads back a calendar or a JSON file. */
  attachments: { filename: string; contentType: string | null; content: string }[];
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
  /** Answers only after this long: a provider that hangs. */
  delayMs?: number;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : []);

/** Where and how to post Resend's events: the functions' endpoint and its signing secret. */
export interface WebhookTarget {
  url: string;
  secret: string;
  /** Posting starts enabled (`npm start`) or waits for POST /_webhook (tests). */
  enabled?: boolean;
}

/** One event the server posted, and how it was answered. */
export interface PostedEvent {
  id: string;
  type: string;
  to: string[];
  emailId: string;
  status: number | null;
}

export interface CaptureOptions {
  requestsPerSecond?: number;
  webhook?: WebhookTarget;
}

export function createMailCapture(options: CaptureOptions = {}) {
  const emails: CapturedEmail[] = [];
  const requests: SendRequest[] = [];
  const byKey = new Map<string, { body: string; id: string }>();
  let faults: Fault[] = [];
  let requestsPerSecond = options.requestsPerSecond ?? 0;
  /** When the send requests of the last second arrived, for the rate limit. */
  let recent: number[] = [];
  let postEvents = options.webhook?.enabled ?? false;
  const bounces = new Map<string, "bounced" | "complained">();
  const events: PostedEvent[] = [];

  /** Resend's event for an accepted email, signed and posted as Resend posts it. */
  async function postEvent(email: CapturedEmail, tags: Record<string, string>) {
    const target = options.webhook;
    if (!target || !postEvents) return;
    const outcome = email.to.map((to) => bounces.get(to)).find(Boolean);
    const type =
      outcome === "bounced" ? "email.bounced" : outcome === "complained" ? "email.complained" : "email.delivered";
    const createdAt = new Date().toISOString();
    const payload = JSON.stringify({
      type,
      created_at: createdAt,
      data: {
        email_id: email.id,
        created_at: email.receivedAt,
        from: email.from,
        to: email.to,
        subject: email.subject,
        tags,
        ...(outcome === "bounced"
          ? { bounce: { type: "Permanent", subType: "General", message: "550 5.1.1 L'adreça no existeix" } }
          : {}),
      },
    });
    const id = `msg_${randomUUID()}`;
    const now = new Date();
    const posted: PostedEvent = { id, type, to: email.to, emailId: email.id, status: null };
    events.push(posted);
    try {
      const response = await fetch(target.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "svix-id": id,
          "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
          "svix-signature": new Webhook(target.secret).sign(id, now, payload),
        },
        body: payload,
      });
      posted.status = response.status;
    } catch {
      posted.status = 0;
    }
  }

  /** Resend's per-team limit: a sliding second, a 429 with `retry-after` past it. */
  function rateLimited(): { status: number; body: object; headers: Record<string, string> } | null {
    if (requestsPerSecond <= 0) return null;
    const now = Date.now();
    recent = recent.filter((at) => now - at < 1000);
    if (recent.length < requestsPerSecond) {
      recent.push(now);
      return null;
    }
    return {
      status: 429,
      body: {
        statusCode: 429,
        name: "rate_limit_exceeded",
        message: `Too many requests. You can only make ${requestsPerSecond} requests per second.`,
      },
      headers: {
        "retry-after": "1",
        "ratelimit-limit": String(requestsPerSecond),
        "ratelimit-remaining": "0",
        "ratelimit-reset": "1",
      },
    };
  }

  function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  }

  /** One email as Resend would treat it; returns the status and body to answer. */
  function accept(
    payload: Record<string, unknown>,
    key: string | null,
  ): { status: number; body: object; headers?: Record<string, string>; delayMs?: number } {
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
        ...(fault.delayMs ? { delayMs: fault.delayMs } : {}),
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
    const record: CapturedEmail = {
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
          content: typeof a.content === "string" ? a.content : "",
          contentType:
            typeof a.content_type === "string"
              ? a.content_type
              : typeof a.contentType === "string"
                ? a.contentType
                : null,
        }),
      ),
    };
    emails.push(record);
    const tags = Object.fromEntries(
      (Array.isArray(payload.tags) ? (payload.tags as { name?: unknown; value?: unknown }[]) : []).map((t) => [
        String(t.name),
        String(t.value),
      ]),
    );
    // After the answer, as Resend does: the event never arrives before the send's response.
    setTimeout(() => void postEvent(record, tags), 200);
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
      const limited = rateLimited();
      if (limited) {
        requests.push({
          at: new Date().toISOString(),
          to: asList((payload as { to?: unknown }).to),
          idempotencyKey: key,
          status: 429,
        });
        return json(res, limited.status, limited.body, limited.headers);
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
      if (result.delayMs) await new Promise((resolve) => setTimeout(resolve, result.delayMs));
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
      bounces.clear();
      events.length = 0;
      postEvents = options.webhook?.enabled ?? false;
      return json(res, 200, { cleared: true });
    }
    if (req.method === "POST" && url.pathname === "/_webhook") {
      postEvents = (JSON.parse(raw || "{}") as { enabled?: unknown }).enabled === true;
      return json(res, 200, { enabled: postEvents });
    }
    if (req.method === "POST" && url.pathname === "/_bounces") {
      const { to, type } = JSON.parse(raw || "{}") as { to?: unknown; type?: unknown };
      if (typeof to !== "string") return json(res, 400, { error: "to is required" });
      bounces.set(to, type === "complained" ? "complained" : "bounced");
      return json(res, 200, { bounces: Object.fromEntries(bounces) });
    }
    if (req.method === "GET" && url.pathname === "/_events") return json(res, 200, events);
    if (req.method === "POST" && url.pathname === "/_rate-limit") {
      const limit = (JSON.parse(raw || "{}") as { requestsPerSecond?: unknown }).requestsPerSecond;
      if (!Number.isInteger(limit) || (limit as number) < 0) {
        return json(res, 400, { error: "requestsPerSecond must be a whole number, 0 for none" });
      }
      requestsPerSecond = limit as number;
      recent = [];
      return json(res, 200, { requestsPerSecond });
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

/** Listens on `port` (0: any free one) and says which it took. */
export function startMailCapture(
  port: number,
  options: CaptureOptions = {},
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createMailCapture(options);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const port = Number(process.argv[2] ?? 4748);
  await startMailCapture(port);
  console.log(`Mail capture listening on http://127.0.0.1:${port}`);
}

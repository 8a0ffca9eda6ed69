import { describe, expect, it, vi } from "vitest";
import { pathWithoutToken } from "../../functions/src/domain/links.ts";
import { withErrorBoundary } from "../../functions/src/http/boundary.ts";
import { logs } from "../../functions/src/logs.ts";

/** Just enough of Express's request and response for the boundary to answer. */
function exchange(method: string, accept: string, path = "/mentoria/x") {
  const headers: Record<string, string> = {
    accept,
    "x-cloud-trace-context": "trace-1/2",
    "function-execution-id": "exec-1",
  };
  const req = {
    method,
    path,
    get: (name: string) => headers[name.toLowerCase()],
    accepts: (types: string[]) => (accept.includes("html") ? "html" : types[0]),
  };
  const sent: { status?: number; type?: string; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const res = {
    headersSent: false,
    set(values: Record<string, string>) {
      Object.assign(sent.headers, values);
      return res;
    },
    status(code: number) {
      sent.status = code;
      return res;
    },
    type(type: string) {
      sent.type = type;
      return res;
    },
    send(body: string) {
      sent.body = body;
      return res;
    },
    json(body: unknown) {
      sent.body = body;
      return res;
    },
  };
  return { req, res, sent };
}

const failing = withErrorBoundary(async () => {
  throw new Error("Firestore unavailable");
});

describe("the error boundary around HTTP functions", () => {
  it("answers a browser with the Catalan 'unavailable' page, status 500, never cached", async () => {
    const { req, res, sent } = exchange("GET", "text/html");
    await failing(req as never, res as never);
    expect(sent.status).toBe(500);
    expect(sent.type).toBe("html");
    expect(String(sent.body)).toContain("El servei no està disponible");
    expect(sent.headers["Cache-Control"]).toBe("no-store");
  });

  it("answers a program with {error: internal}", async () => {
    const { req, res, sent } = exchange("POST", "application/json");
    await failing(req as never, res as never);
    expect(sent).toMatchObject({ status: 500, body: { error: "internal" } });
  });

  it("leaves a handler that answered alone", async () => {
    const { req, res, sent } = exchange("GET", "text/html");
    await withErrorBoundary(async (_req, response) => {
      response.status(200).type("html").send("<p>hola</p>");
    })(req as never, res as never);
    expect(sent).toMatchObject({ status: 200, body: "<p>hola</p>" });
  });

  it("logs the path without the signed link's token: it opens someone's page", async () => {
    const token = "eyJwdXJwb3NlIjoibWVudG9yc2hpcCJ9.c2lnbmF0dXJh";
    const logged = vi.spyOn(logs, "requestFailed").mockImplementation(() => undefined);
    try {
      const { req, res } = exchange("GET", "text/html", `/mentoria/${token}`);
      await failing(req as never, res as never);
      const [ids] = logged.mock.calls[0]!;
      expect(ids.path).toBe("/mentoria/[token]");
      expect(JSON.stringify(logged.mock.calls)).not.toContain(token);
    } finally {
      logged.mockRestore();
    }
    expect(pathWithoutToken(`/sollicitud/${token}`)).toBe("/sollicitud/[token]");
    expect(pathWithoutToken("/api/applications")).toBe("/api/applications");
  });
});

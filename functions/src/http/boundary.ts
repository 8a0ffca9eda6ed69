/**
 * The error boundary around every HTTP function: an unexpected error is
 * logged with the request's ids and answered with the Catalan "unavailable"
 * page (browsers) or `{error: "internal"}` (programs), never a bare 500.
 */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import { pathWithoutToken } from "../domain/links";
import { logs } from "../logs";
import { reply, securityHeaders, wantsHtml } from "./request";

export type Handler = (req: Request, res: Response) => Promise<void>;

export function withErrorBoundary(handler: Handler): Handler {
  return async (req, res) => {
    res.set(securityHeaders);
    try {
      await handler(req, res);
    } catch (error) {
      logs.requestFailed(
        {
          method: req.method,
          path: pathWithoutToken(req.path),
          trace: req.get("x-cloud-trace-context"),
          execution: req.get("function-execution-id"),
        },
        error,
      );
      if (res.headersSent) return;
      const asPage = req.method === "GET" || req.method === "HEAD" || wantsHtml(req);
      // Loaded only when needed: the page kit is not part of a healthy request's cold start.
      const page = asPage ? (await import("../views/pages.js")).problems.unavailable() : null;
      reply(res, 500, { error: "internal" }, page);
    }
  };
}

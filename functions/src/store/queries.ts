/**
 * Every query the functions run, in one place, so each can be checked
 * against `firestore.indexes.json` (the emulator does not enforce indexes).
 */
import type { CollectionName, QuerySpec } from "./repository";

/** Statuses passed to `in` filters are data, not rules: callers choose them. */
export const queries = {
  activeMembers: (): QuerySpec => ({ collection: "members", where: [["active", "==", true]] }),
  activeTopics: (): QuerySpec => ({ collection: "topics", where: [["active", "==", true]] }),
  /** Labels are looked up, inactive topics too: an old application still names them. */
  allTopics: (): QuerySpec => ({ collection: "topics", where: [] }),
  /** Every member, for what needs each one (their contacts, whatever the case they were typed in). */
  allMembers: (): QuerySpec => ({ collection: "members", where: [] }),
  /** Every matching run: a few a year. */
  allMatchingRuns: (limit: number): QuerySpec => ({ collection: "matchingRuns", where: [], limit }),
  cyclesOpenAfter: (now: Date): QuerySpec => ({ collection: "cycles", where: [["applicationsCloseAt", ">", now]] }),
  cyclesMatchingBetween: (since: Date, now: Date): QuerySpec => ({
    collection: "cycles",
    where: [
      ["matchingAt", "<=", now],
      ["matchingAt", ">", since],
    ],
  }),
  runsOfCycle: (cycle: string): QuerySpec => ({
    collection: "matchingRuns",
    where: [["cycle", "==", cycle]],
    limit: 1,
  }),
  /** Whether a cycle has been matched: second chances wait for its first run (docs/design.md §10). */
  finishedRunsOfCycle: (cycle: string): QuerySpec => ({
    collection: "matchingRuns",
    where: [
      ["cycle", "==", cycle],
      ["status", "in", ["done", "approved"]],
    ],
    limit: 1,
  }),
  removedPairingsOfCycle: (cycle: string): QuerySpec => ({
    collection: "removedPairings",
    where: [["cycle", "==", cycle]],
  }),
  /** Mentorships in course in any cycle: they hold their mentor's place (docs/design.md §10). Single field. */
  pairingsInCourse: (statuses: readonly string[]): QuerySpec => ({
    collection: "pairings",
    where: [["status", "in", [...statuses]]],
  }),
  applicationsOfCycle: (cycle: string): QuerySpec => ({ collection: "applications", where: [["cycle", "==", cycle]] }),
  pairingsOfCycle: (cycle: string): QuerySpec => ({ collection: "pairings", where: [["cycle", "==", cycle]] }),
  pairingsOfMentor: (applicationId: string, statuses: readonly string[]): QuerySpec => ({
    collection: "pairings",
    where: [
      ["mentor.applicationId", "==", applicationId],
      ["status", "in", [...statuses]],
    ],
  }),
  /** One query per role: both are single-field equalities, which need no composite index. */
  pairingsOfParty: (role: "mentor" | "mentee", applicationId: string): QuerySpec => ({
    collection: "pairings",
    where: [[`${role}.applicationId`, "==", applicationId]],
  }),
  /** Few at a time in any status the sweep looks at: single-field, no composite index. */
  pairingsWithStatus: (status: string, limit: number): QuerySpec => ({
    collection: "pairings",
    where: [["status", "==", status]],
    limit,
  }),
  runsWithStatus: (status: string, limit: number): QuerySpec => ({
    collection: "matchingRuns",
    where: [["status", "==", status]],
    limit,
  }),
  /** Recent ones only: a request the trigger missed is found within minutes. */
  advisoryRequestsReceivedSince: (since: Date, limit: number): QuerySpec => ({
    collection: "applications",
    where: [
      ["kind", "==", "advisory"],
      ["status", "==", "received"],
      ["createdAt", ">=", since],
    ],
    limit,
  }),
  draftsOfRun: (runId: string): QuerySpec => ({
    collection: "pairings",
    where: [
      ["runId", "==", runId],
      ["status", "==", "draft"],
    ],
  }),
  pairingsDue: (now: Date, limit: number): QuerySpec => ({
    collection: "pairings",
    where: [["nextDeadlineAt", "<=", now]],
    orderBy: "nextDeadlineAt",
    limit,
  }),
  sessionsOfPairing: (pairingId: string): QuerySpec => ({
    collection: "sessions",
    where: [["pairingId", "==", pairingId]],
  }),
  openGroups: (): QuerySpec => ({ collection: "advisoryGroups", where: [["status", "==", "open"]] }),
  groupsClosingBy: (now: Date): QuerySpec => ({
    collection: "advisoryGroups",
    where: [
      ["status", "==", "open"],
      ["closesAt", "<=", now],
    ],
  }),
  allGroups: (): QuerySpec => ({ collection: "advisoryGroups", where: [] }),
  requestsOfGroup: (groupId: string): QuerySpec => ({
    collection: "applications",
    where: [["groupId", "==", groupId]],
  }),
  /** The library is small (tens a year): sorted and filtered in memory, no composite index. */
  publishedMaterials: (): QuerySpec => ({
    collection: "materials",
    where: [["status", "==", "published"]],
    limit: 2000,
  }),
  mailDueForRetry: (now: Date, limit: number): QuerySpec => ({
    collection: "mail",
    where: [
      ["delivery.state", "==", "RETRY"],
      ["delivery.nextAttemptAt", "<=", now],
    ],
    limit,
  }),
  mailByProviderId: (providerId: string): QuerySpec => ({
    collection: "mail",
    where: [["delivery.providerId", "==", providerId]],
    limit: 1,
  }),
  mailInState: (state: string, limit: number): QuerySpec => ({
    collection: "mail",
    where: [["delivery.state", "==", state]],
    limit,
  }),
  mailUnclaimedSince: (createdBefore: Date, limit: number): QuerySpec => ({
    collection: "mail",
    where: [
      ["delivery.state", "==", "PENDING"],
      ["createdAt", "<=", createdBefore],
    ],
    limit,
  }),
  /** Any mail still to finish: what the minute's sweep asks first, one read when there is none. */
  mailUnfinished: (limit: number): QuerySpec => ({
    collection: "mail",
    where: [["delivery.state", "in", ["PENDING", "PROCESSING", "RETRY"]]],
    limit,
  }),
  /** Sessions logged since `since`: the meeting counts the work sweep checks (docs/design.md §14). */
  sessionsCreatedSince: (since: Date, limit: number): QuerySpec => ({
    collection: "sessions",
    where: [["createdAt", ">=", since]],
    limit,
  }),
  mailWithLapsedLease: (now: Date, limit: number): QuerySpec => ({
    collection: "mail",
    where: [
      ["delivery.state", "==", "PROCESSING"],
      ["delivery.leaseExpireTime", "<=", now],
    ],
    limit,
  }),
  /** Personal data (docs/design.md §13): where a person's address is kept as such. */
  applicationsOfEmail: (email: string): QuerySpec => ({
    collection: "applications",
    where: [["person.email", "==", email]],
  }),
  pairingsOfPartyEmail: (role: "mentor" | "mentee", email: string): QuerySpec => ({
    collection: "pairings",
    where: [[`${role}.email`, "==", email]],
  }),
  mailTo: (email: string, limit: number): QuerySpec => ({
    collection: "mail",
    where: [["to", "array-contains", email]],
    limit,
  }),
  /** Outbox ids start with what they are about (`proposal-{pairingId}`, …): a range on the id finds them. */
  mailWithIdPrefix: (prefix: string, limit: number): QuerySpec => ({
    collection: "mail",
    where: [
      ["__name__", ">=", prefix],
      ["__name__", "<", `${prefix}\uf8ff`],
    ],
    limit,
  }),
  /** Outbox documents of one template: the secretariat's exports, access reports and digests. */
  mailWithTemplate: (template: string, limit: number): QuerySpec => ({
    collection: "mail",
    where: [["template", "==", template]],
    limit,
  }),
  privacyRequestsOfEmail: (email: string): QuerySpec => ({
    collection: "privacyRequests",
    where: [["email", "==", email]],
  }),
  privacyRequestsWithStatus: (status: string, limit: number): QuerySpec => ({
    collection: "privacyRequests",
    where: [["status", "==", status]],
    limit,
  }),
  /** The attention digest (docs/design.md §11): single-field filters, no composite index. */
  incidentsWithStatus: (status: string, limit: number): QuerySpec => ({
    collection: "incidents",
    where: [["status", "==", status]],
    limit,
  }),
  groupsWithStatus: (status: string, limit: number): QuerySpec => ({
    collection: "advisoryGroups",
    where: [["status", "==", status]],
    limit,
  }),
  suppressedSince: (since: Date, limit: number): QuerySpec => ({
    collection: "suppressions",
    where: [["at", ">=", since]],
    limit,
  }),
  withProblem: (collection: CollectionName, limit: number): QuerySpec => ({
    collection,
    where: [["problem", "!=", null]],
    limit,
  }),
  /** Exports (docs/design.md §11) of a whole collection, when no cycle is given. */
  allApplications: (): QuerySpec => ({ collection: "applications", where: [] }),
  allPairings: (): QuerySpec => ({ collection: "pairings", where: [] }),
  allSessions: (): QuerySpec => ({ collection: "sessions", where: [] }),
  /** Retention (docs/design.md §13): the cycles are few, read whole. */
  allCycles: (): QuerySpec => ({ collection: "cycles", where: [] }),
  sessionsOfCycle: (cycle: string): QuerySpec => ({ collection: "sessions", where: [["cycle", "==", cycle]] }),
  incidentsOfCycle: (cycle: string): QuerySpec => ({ collection: "incidents", where: [["cycle", "==", cycle]] }),
  /** One range on one field, in id order within equal dates: no composite index. */
  applicationsCreatedBetween: (after: Date, until: Date, limit: number): QuerySpec => ({
    collection: "applications",
    where: [
      ["createdAt", ">", after],
      ["createdAt", "<=", until],
    ],
    orderBy: "createdAt",
    limit,
  }),
  /** Reports a change marked as out of date (docs/design.md §11): few, recomputed by the sweep. */
  dirtyReports: (limit: number): QuerySpec => ({
    collection: "reports",
    where: [["dirty", "==", true]],
    limit,
  }),
  /** A cycle's advisory groups: those created in its span. One range, no composite index. */
  groupsCreatedBetween: (from: Date, until: Date | null): QuerySpec => ({
    collection: "advisoryGroups",
    where: [["createdAt", ">=", from], ...(until ? [["createdAt", "<", until] as ["createdAt", "<", Date]] : [])],
  }),
  incidentsOfPairing: (pairingId: string): QuerySpec => ({
    collection: "incidents",
    where: [["pairingId", "==", pairingId]],
  }),
  /** The mass-change guard (docs/design.md §15): the changes of the last window. One range, no composite index. */
  guardedChangesSince: (since: Date, limit: number): QuerySpec => ({
    collection: "guardedChanges",
    where: [["at", ">=", since]],
    limit,
  }),
  /** Holds are few: the open ones, and those decided but not yet carried out. Single field. */
  holdsWithStatus: (status: string, limit: number): QuerySpec => ({
    collection: "holds",
    where: [["status", "==", status]],
    limit,
  }),
  /** The mail of some changes (at most 30 ids, Firestore's `in` limit). Single field. */
  mailOfChanges: (changeIds: readonly string[]): QuerySpec => ({
    collection: "mail",
    where: [["guard.change", "in", [...changeIds]]],
  }),
  runsOfChanges: (changeIds: readonly string[]): QuerySpec => ({
    collection: "matchingRuns",
    where: [["guard.change", "in", [...changeIds]]],
  }),
  mailOfHold: (holdId: string, limit: number): QuerySpec => ({
    collection: "mail",
    where: [["delivery.holdId", "==", holdId]],
    limit,
  }),
  runsOfHold: (holdId: string): QuerySpec => ({
    collection: "matchingRuns",
    where: [["holdId", "==", holdId]],
  }),
  /** Unconfirmed applications expiring by a date: the reminder to confirm (docs/design.md §16). */
  unconfirmedExpiringBy: (until: Date, limit: number): QuerySpec => ({
    collection: "applications",
    where: [
      ["status", "==", "unconfirmed"],
      ["expiresAt", "<=", until],
    ],
    limit,
  }),
  /** The heartbeat's figures (docs/design.md §15): counted, not read. */
  mailFinishedSince: (state: string, since: Date): QuerySpec => ({
    collection: "mail",
    where: [
      ["delivery.state", "==", state],
      ["delivery.endTime", ">=", since],
    ],
  }),
  applicationsCreatedSince: (since: Date): QuerySpec => ({
    collection: "applications",
    where: [["createdAt", ">=", since]],
  }),
} satisfies Record<string, (...args: never[]) => QuerySpec>;

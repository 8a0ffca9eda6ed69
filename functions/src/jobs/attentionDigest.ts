/** Every Monday at 08:00 (Europe/Madrid): what needs the secretariat this week (docs/design.md §11). */
export { sendAttentionDigest } from "../usecases/attention";

/** Short, so that the surviving runtime resumes the killed worker's steps soon. */
export const CRASH_LEASE_MS = 1_500;
export const CRASH_ORCHESTRATIONS = 100;
/** Each step pauses this long around its effect, so that the kill lands mid-step. */
export const CRASH_STEP_DELAY_MS = 60;

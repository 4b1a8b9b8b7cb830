import type { PreviewScheduleInput } from "@/lib/schedules/inputs";

// General to specific: invalidating `scheduleKeys.all` refreshes the list, every schedule's runs and
// every preview (a change of one schedule can change what another's retention may touch).
export const scheduleKeys = {
  all: ["schedules"] as const,
  list: () => [...scheduleKeys.all, "list"] as const,
  runs: (scheduleId: number) => [...scheduleKeys.all, "runs", scheduleId] as const,
  /** `version`: what the preview depends on beyond its input (a saved schedule's latest run). */
  preview: (input: PreviewScheduleInput, version = "") => [...scheduleKeys.all, "preview", input, version] as const,
};

package io.notiledger.command.redrive;

/** Why one notification is re-driven, and the run it belongs to (optional). */
public record RedriveRequest(String reason, String runId) {
}

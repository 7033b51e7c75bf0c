package io.notiledger.api.admin;

/**
 * {@code POST /admin/v1/views/rebuilds}: which view to rebuild from the start of the events topic.
 *
 * @param view {@code status}, {@code audit}, {@code stats} or {@code all}
 */
public record ViewRebuildRequest(String view) {
}

package io.notiledger.command.web;

/** One reason a request was refused, and the field it concerns (a JSON path, a header or a path variable). */
public record FieldViolation(String field, String reason) {
}

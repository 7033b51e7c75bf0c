package io.notiledger.query.web;

import io.notiledger.api.query.PagePosition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * The opaque {@code cursor} of a search's pages: base64url of the last row's sort key (its time in epoch
 * milliseconds and its id) and a digest of that key together with the search it belongs to (endpoint, tenant,
 * filters). A cursor handed to another search or tenant, or altered, no longer matches its digest and is refused.
 * The digest guards against mistakes, not attackers: the tenant scope comes from the API key on every page, so a
 * forged cursor can only move within the caller's own data.
 */
final class PageCursor {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int DIGEST_BYTES = 12;
    private static final int MAX_LENGTH = 512;

    private PageCursor() {
    }

    static String encode(PagePosition position, String search) {
        if (position == null) {
            return null;
        }
        String key = position.at().toEpochMilli() + "|" + position.id();
        return ENCODER.encodeToString((key + "|" + digest(key, search)).getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor names, or null without one. */
    static PagePosition decode(String cursor, String search) {
        if (cursor == null) {
            return null;
        }
        String text;
        try {
            if (cursor.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            text = new String(DECODER.decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] parts = text.split("\\|", 3);
        if (parts.length != 3) {
            throw invalid();
        }
        String key = parts[0] + "|" + parts[1];
        if (!MessageDigest.isEqual(parts[2].getBytes(StandardCharsets.UTF_8), digest(key, search).getBytes(StandardCharsets.UTF_8))) {
            throw invalid();
        }
        try {
            return new PagePosition(Instant.ofEpochMilli(Long.parseLong(parts[0])), parts[1]);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static String digest(String key, String search) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((search + "\n" + key).getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(Arrays.copyOf(hash, DIGEST_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static BadQueryParameterException invalid() {
        return new BadQueryParameterException("cursor", "is not a cursor of this search: pass nextCursor of the previous page "
                + "unchanged, with the same filters and API key's tenant");
    }
}

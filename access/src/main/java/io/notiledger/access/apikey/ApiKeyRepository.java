package io.notiledger.access.apikey;

import io.notiledger.access.Role;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code api_keys} table in the event store's database (created by the command side's migration V2). */
public class ApiKeyRepository {

    private static final String COLUMNS = "id, tenant, roles, secret_hash, label, created_at, revoked_at";
    private static final RowMapper<ApiKey> ROW = (rs, n) -> new ApiKey(rs.getString("id"), rs.getString("tenant"),
            roles(rs.getString("roles")), rs.getBytes("secret_hash"), rs.getString("label"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant());

    private final JdbcTemplate jdbc;

    public ApiKeyRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ApiKey> findBySecretHash(byte[] hash) {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_keys WHERE secret_hash = ?", ROW, hash).stream().findFirst();
    }

    public Optional<ApiKey> findById(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", ROW, id).stream().findFirst();
    }

    public List<ApiKey> findAll() {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id", ROW);
    }

    public void insert(ApiKey key) {
        jdbc.update("INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", key.id(), key.tenant(),
                wire(key.roles()), key.secretHash(), key.label(), Timestamp.from(key.createdAt()),
                key.revokedAt() == null ? null : Timestamp.from(key.revokedAt()));
    }

    /**
     * Stores the operator key given in the configuration under its fixed id. A revocation stays in force while the
     * configured secret stays the same; a new secret makes a live key again.
     */
    public void upsertConfiguredKey(ApiKey key) {
        jdbc.update("INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, NULL) "
                        + "ON CONFLICT (id) DO UPDATE SET tenant = EXCLUDED.tenant, roles = EXCLUDED.roles, "
                        + "revoked_at = CASE WHEN api_keys.secret_hash = EXCLUDED.secret_hash THEN api_keys.revoked_at END, "
                        + "secret_hash = EXCLUDED.secret_hash, label = EXCLUDED.label",
                key.id(), key.tenant(), wire(key.roles()), key.secretHash(), key.label(), Timestamp.from(key.createdAt()));
    }

    /** Whether a key may act as an operator now. */
    public boolean anyLiveOperatorKey() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL AND roles LIKE ?",
                Integer.class, "%" + Role.OPERATOR.wireName() + "%");
        return count != null && count > 0;
    }

    /** Marks the key revoked (once: a second revocation keeps the first time); false when no such key exists. */
    public boolean revoke(String id, Instant at) {
        jdbc.update("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", Timestamp.from(at), id);
        return findById(id).isPresent();
    }

    private static String wire(Set<Role> roles) {
        return roles.stream().sorted().map(Role::wireName).collect(Collectors.joining(","));
    }

    private static Set<Role> roles(String wire) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(wire.split(",")).map(Role::fromWireName).flatMap(Optional::stream).forEach(roles::add);
        return roles;
    }
}

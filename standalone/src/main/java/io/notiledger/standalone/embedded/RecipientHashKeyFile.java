package io.notiledger.standalone.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * Gives the embedded ledger a recipient-hash secret of its own, so that searching by recipient works out of the
 * box: made once at random into {@code <data-dir>/recipient-hash.key} (readable by its owner only) and read from
 * there on every later start, because the status view's hashes only match under the secret they were made with.
 * A secret that is configured ({@code ledger.views.recipient-hash-key}) always wins; outside the {@code embedded}
 * profile nothing is made (production configures its secret, or has no recipient search).
 */
public class RecipientHashKeyFile implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "ledger.views.recipient-hash-key";
    static final String FILE_NAME = "recipient-hash.key";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(PROPERTY);
        if (!environment.acceptsProfiles(Profiles.of("embedded")) || (configured != null && !configured.isBlank())) {
            return;
        }
        Path file = Path.of(environment.getProperty("ledger.embedded.data-dir", "./data")).resolve(FILE_NAME);
        environment.getPropertySources().addFirst(
                new MapPropertySource("embedded recipient-hash key", Map.of(PROPERTY, readOrCreate(file))));
    }

    static String readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                // written whole under another name first: a crash never leaves an empty secret behind
                Path dir = Files.createDirectories(file.toAbsolutePath().getParent());
                Path partial = Files.createTempFile(dir, FILE_NAME, ".partial",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Files.writeString(partial, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            }
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) {
                throw new IllegalStateException(file + " is empty; delete it and rebuild the views, or set " + PROPERTY);
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or make the recipient-hash secret " + file, e);
        }
    }

    @Override
    public int getOrder() {
        // after the configuration files and profiles are loaded (ConfigDataEnvironmentPostProcessor)
        return Ordered.LOWEST_PRECEDENCE;
    }
}

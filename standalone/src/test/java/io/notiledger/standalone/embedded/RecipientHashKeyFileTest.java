package io.notiledger.standalone.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class RecipientHashKeyFileTest {

    @TempDir
    Path dataDir;

    private final RecipientHashKeyFile postProcessor = new RecipientHashKeyFile();

    @Test
    void theFirstEmbeddedStartMakesASecretOnlyItsOwnerReadsAndLaterStartsReadTheSameOne() throws Exception {
        String first = secretOf(environment("embedded", Map.of()));
        String second = secretOf(environment("embedded", Map.of()));

        Path file = dataDir.resolve(RecipientHashKeyFile.FILE_NAME);
        assertThat(first).hasSizeGreaterThanOrEqualTo(32).isEqualTo(second).isEqualTo(Files.readString(file));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var leftovers = Files.list(dataDir)) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void aConfiguredSecretWinsAndNoFileIsMade() {
        String configured = "configured-recipient-hash-key-0123456789";
        assertThat(secretOf(environment("embedded", Map.of(RecipientHashKeyFile.PROPERTY, configured))))
                .isEqualTo(configured);
        assertThat(dataDir.resolve(RecipientHashKeyFile.FILE_NAME)).doesNotExist();
    }

    @Test
    void withoutTheEmbeddedProfileNothingIsMade() {
        assertThat(secretOf(environment("production", Map.of()))).isEmpty();
        assertThat(dataDir.resolve(RecipientHashKeyFile.FILE_NAME)).doesNotExist();
    }

    @Test
    void anEmptySecretFileStopsTheStartInsteadOfTurningSearchOff() throws Exception {
        Files.writeString(dataDir.resolve(RecipientHashKeyFile.FILE_NAME), "");
        assertThatThrownBy(() -> secretOf(environment("embedded", Map.of())))
                .hasMessageContaining("is empty");
    }

    private StandardEnvironment environment(String profile, Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.setActiveProfiles(profile);
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "ledger.embedded.data-dir", dataDir.toString(),
                RecipientHashKeyFile.PROPERTY, "")));
        if (!properties.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("configured", properties));
        }
        return environment;
    }

    private String secretOf(StandardEnvironment environment) {
        postProcessor.postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty(RecipientHashKeyFile.PROPERTY);
    }
}

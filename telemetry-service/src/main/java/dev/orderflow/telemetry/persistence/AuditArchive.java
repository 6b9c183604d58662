package dev.orderflow.telemetry.persistence;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The audit archive on disk: JSON lines appended to {@code <root>/sessions/<UTC start>/events-<n>.jsonl},
 * a new file once one reaches its size limit, the oldest files deleted beyond the retention period
 * or the total size. One writer (the ingest thread); {@link #flush()} returns once the lines are
 * with the operating system, or on the disk with fsync.
 */
public final class AuditArchive implements AutoCloseable {

    static final DateTimeFormatter SESSION_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern FILE_NAME = Pattern.compile("events-(\\d+)\\.jsonl");

    private final Path sessions;
    private final long maxFileBytes;
    private final Duration retention;
    private final long maxTotalBytes;
    private final boolean fsync;
    private final Clock clock;
    private Path session;
    private int fileNumber;
    private FileChannel channel;
    private OutputStream out;
    private long fileBytes;

    public AuditArchive(Path root, long maxFileBytes, Duration retention, long maxTotalBytes, boolean fsync, Clock clock) {
        this.sessions = root.resolve("sessions");
        this.maxFileBytes = maxFileBytes;
        this.retention = retention;
        this.maxTotalBytes = maxTotalBytes;
        this.fsync = fsync;
        this.clock = clock;
    }

    /** Starts a session directory named after the current UTC time and opens its first file. */
    public void open() {
        try {
            Files.createDirectories(sessions);
            String name = SESSION_NAME.format(clock.instant());
            Path candidate = sessions.resolve(name);
            for (int n = 2; Files.exists(candidate); n++) {
                candidate = sessions.resolve(name + "-" + n);
            }
            session = Files.createDirectories(candidate);
            fileNumber = 0;
            openNextFile();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the audit archive under " + sessions, e);
        }
    }

    public Path currentFile() {
        return session.resolve("events-" + fileNumber + ".jsonl");
    }

    public void append(byte[] line) throws IOException {
        if (fileBytes > 0 && fileBytes + line.length > maxFileBytes) {
            flush();
            out.close();
            openNextFile();
            enforceRetention();
        }
        out.write(line);
        fileBytes += line.length;
    }

    public void flush() throws IOException {
        out.flush();
        if (fsync) {
            channel.force(false);
        }
    }

    /** Every archive file, oldest session and file first. */
    public List<Path> files() throws IOException {
        if (!Files.isDirectory(sessions)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(sessions)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> inDir = Files.list(dir)) {
                    inDir.filter(p -> FILE_NAME.matcher(p.getFileName().toString()).matches())
                            .sorted(Comparator.comparingInt(AuditArchive::number))
                            .forEach(files::add);
                }
            }
        }
        return files;
    }

    /** Deletes files past the retention period, then the oldest while the archive is over its size; never the open file. */
    public void enforceRetention() throws IOException {
        Instant cutoff = clock.instant().minus(retention);
        List<Path> files = files();
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        Path current = currentFile();
        for (Path file : files) {
            if (file.equals(current)) {
                break;
            }
            boolean expired = Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
            if (!expired && total <= maxTotalBytes) {
                break;
            }
            total -= Files.size(file);
            Files.delete(file);
            try (Stream<Path> left = Files.list(file.getParent())) {
                if (left.findAny().isEmpty()) {
                    Files.delete(file.getParent());
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            flush();
            out.close();
            out = null;
        }
    }

    private void openNextFile() throws IOException {
        fileNumber++;
        channel = FileChannel.open(currentFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        fileBytes = channel.size();
    }

    private static int number(Path file) {
        Matcher matcher = FILE_NAME.matcher(file.getFileName().toString());
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
    }
}

package dev.orderflow.ofctl.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of the telemetry service's audit archive in the order they were written:
 * {@code <dir>/sessions/<UTC start>/events-<n>.jsonl}, sessions by name (their UTC start, so oldest first;
 * a second session started in the same second is {@code <start>-2}), files by number, so
 * {@code events-10} follows {@code events-9}. {@code dir} may also be the {@code sessions} folder itself
 * or one session (what {@code kubectl cp} of a single session gives).
 */
public final class ArchiveFiles {

    private static final Pattern FILE_NAME = Pattern.compile("events-(\\d+)\\.jsonl");

    private ArchiveFiles() {
    }

    public static List<Path> in(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no audit archive at " + dir + " (a folder holding sessions/<UTC start>/events-<n>.jsonl)");
        }
        try {
            if (Files.isDirectory(dir.resolve("sessions"))) {
                return sessions(dir.resolve("sessions"));
            }
            List<Path> single = files(dir);
            return single.isEmpty() ? sessions(dir) : single;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the audit archive at " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> sessions(Path sessions) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(sessions)) {
            for (Path session : dirs.filter(Files::isDirectory).sorted(Comparator.comparing(ArchiveFiles::sessionOrder)).toList()) {
                files.addAll(files(session));
            }
        }
        return files;
    }

    private static List<Path> files(Path session) throws IOException {
        try (Stream<Path> inDir = Files.list(session)) {
            return inDir.filter(p -> FILE_NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .sorted(Comparator.comparingLong(ArchiveFiles::number))
                    .toList();
        }
    }

    /** 20261207T050910Z before 20261207T050910Z-2 before 20261207T050910Z-10. */
    private static String sessionOrder(Path session) {
        String name = session.getFileName().toString();
        int dash = name.lastIndexOf('-');
        if (dash > 0 && name.substring(dash + 1).chars().allMatch(Character::isDigit) && dash < name.length() - 1) {
            return name.substring(0, dash) + "-" + "0".repeat(Math.max(0, 9 - (name.length() - dash - 1))) + name.substring(dash + 1);
        }
        return name;
    }

    private static long number(Path file) {
        Matcher matcher = FILE_NAME.matcher(file.getFileName().toString());
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
    }
}

package dev.orderflow.ofctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real terminal for a test: a tmux session of its own (its own server socket, so nothing else's tmux is
 * touched) running an interactive bash, driven with send-keys and read with capture-pane.
 */
final class TmuxPane implements AutoCloseable {

    static final String PROMPT = "ofctl-it$ ";

    private final String socket = "ofctl-it-" + UUID.randomUUID().toString().substring(0, 8);

    static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static TmuxPane start(int columns, int rows, Map<String, String> environment) {
        TmuxPane pane = new TmuxPane();
        List<String> command = new ArrayList<>(List.of("new-session", "-d", "-s", "it", "-x", String.valueOf(columns), "-y", String.valueOf(rows)));
        StringBuilder shell = new StringBuilder("env");
        environment.forEach((k, v) -> shell.append(' ').append(k).append('=').append(quoted(v)));
        shell.append(" PS1=").append(quoted(PROMPT)).append(" bash --norc --noprofile");
        command.add(shell.toString());
        pane.tmux(command.toArray(String[]::new));
        // a window as large as asked, whatever size a client would have
        pane.tmux("set-option", "-t", "it", "window-size", "manual");
        pane.awaitScreen(s -> s.contains(PROMPT.strip()), Duration.ofSeconds(20), "the shell prompt");
        return pane;
    }

    static String quoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Types a line and Enter. */
    void typeLine(String line) {
        tmux("send-keys", "-t", "it", "-l", line);
        tmux("send-keys", "-t", "it", "Enter");
    }

    void press(String key) {
        tmux("send-keys", "-t", "it", key);
    }

    String screen() {
        return tmux("capture-pane", "-p", "-t", "it");
    }

    /** A pane variable such as alternate_on or cursor_flag. */
    String format(String variable) {
        return tmux("display-message", "-p", "-t", "it", "#{" + variable + "}").strip();
    }

    void resize(int columns, int rows) {
        tmux("resize-window", "-t", "it", "-x", String.valueOf(columns), "-y", String.valueOf(rows));
    }

    String awaitScreen(Predicate<String> condition, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        String screen = screen();
        while (!condition.test(screen)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the pane does not show " + what + " after " + timeout + ":\n" + screen);
            }
            sleep(250);
            screen = screen();
        }
        return screen;
    }

    private String tmux(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-u", "-L", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (AssertionError e) {
            // the server is gone already
        }
    }
}

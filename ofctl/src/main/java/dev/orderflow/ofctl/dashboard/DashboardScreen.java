package dev.orderflow.ofctl.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.ofctl.ExitCodes;
import dev.orderflow.ofctl.client.ServiceClient;
import dev.orderflow.ofctl.commands.DashboardCommand;
import dev.orderflow.ofctl.dashboard.DashboardView.Connection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * The dashboard on the terminal. Three threads, each asleep until something happens: the feed's (blocked
 * on the stream), the keyboard's (blocked on a read) and this one, which takes one event at a time and
 * draws only on a new frame, a resize or a change of the connection, so an idle dashboard costs no CPU.
 * The terminal is restored (main screen, cursor, attributes, line discipline) however the view ends:
 * q, Ctrl-C, SIGTERM or an exception.
 */
public final class DashboardScreen {

    /** Without a frame for this many refresh periods the stream is taken as stalled and opened again. */
    private static final int STALLED_AFTER_PERIODS = 4;
    private static final Duration MIN_STALL = Duration.ofSeconds(8);

    private sealed interface Update permits FeedUpdate, StateUpdate, Resize, Quit {
    }

    private record FeedUpdate(DashboardFeed.Event event) implements Update {
    }

    private record StateUpdate(JsonNode state) implements Update {
    }

    private record Resize() implements Update {
    }

    private record Quit() implements Update {
    }

    private final ServiceClient telemetry;
    private final ServiceClient gateway;
    private final String source;
    private final boolean noColour;
    private final Clock clock = Clock.systemUTC();
    private final BlockingQueue<Update> updates = new LinkedBlockingQueue<>();
    private final AtomicBoolean stateRequested = new AtomicBoolean();

    public DashboardScreen(ServiceClient telemetry, ServiceClient gateway, String source, String noColorVariable) {
        this.telemetry = telemetry;
        this.gateway = gateway;
        this.source = source;
        this.noColour = noColorVariable != null && !noColorVariable.isEmpty();
    }

    public int run() throws IOException, InterruptedException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(true).dumb(true).build()) {
            boolean dumb = terminal.getType() == null || terminal.getType().startsWith(Terminal.TYPE_DUMB);
            Integer colours = terminal.getNumericCapability(Capability.max_colors);
            boolean colour = !noColour && !dumb && colours != null && colours >= 8;
            boolean unicode = StandardCharsets.UTF_8.equals(terminal.encoding());
            DashboardView view = new DashboardView(new DashboardView.Style(colour, unicode), source);
            return dumb ? scroll(terminal, view) : fullScreen(terminal, view);
        }
    }

    private int fullScreen(Terminal terminal, DashboardView view) throws InterruptedException {
        Attributes original = terminal.getAttributes();
        AtomicBoolean restored = new AtomicBoolean();
        Runnable restore = () -> {
            if (restored.compareAndSet(false, true)) {
                terminal.puts(Capability.exit_attribute_mode);
                terminal.puts(Capability.keypad_local);
                terminal.puts(Capability.exit_ca_mode);
                // cursor_normal, not cursor_visible: on tmux and screen the latter only sets a "very visible" cursor
                terminal.puts(Capability.cursor_normal);
                terminal.flush();
                terminal.setAttributes(original);
            }
        };
        // SIGTERM or a JVM ending some other way: the operator's shell gets its terminal back all the same
        Thread onExit = new Thread(restore, "ofctl-dashboard-restore");
        Runtime.getRuntime().addShutdownHook(onExit);
        DashboardFeed feed = new DashboardFeed(telemetry, e -> updates.add(new FeedUpdate(e)), clock);
        try {
            terminal.enterRawMode();
            // block in read() until a key comes, instead of waking every tenth of a second to look
            Attributes raw = terminal.getAttributes();
            raw.setControlChar(Attributes.ControlChar.VMIN, 1);
            raw.setControlChar(Attributes.ControlChar.VTIME, 0);
            terminal.setAttributes(raw);
            terminal.puts(Capability.enter_ca_mode);
            terminal.puts(Capability.keypad_xmit);
            terminal.puts(Capability.cursor_invisible);
            terminal.flush();
            terminal.handle(Terminal.Signal.WINCH, signal -> updates.add(new Resize()));
            terminal.handle(Terminal.Signal.INT, signal -> updates.add(new Quit()));
            startKeyboard(terminal);
            feed.start();
            requestTradingState();
            loop(terminal, view, feed);
            return ExitCodes.OK;
        } finally {
            feed.close();
            restore.run();
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException e) {
                // already shutting down: the hook has run
            }
        }
    }

    private void loop(Terminal terminal, DashboardView view, DashboardFeed feed) throws InterruptedException {
        Display display = new Display(terminal, true);
        Size size = terminal.getSize();
        display.resize(size.getRows(), size.getColumns());
        display.clear();
        JsonNode frame = null;
        JsonNode state = null;
        Connection connection = Connection.live();
        Instant lastFrame = clock.instant();
        draw(display, view, frame, state, connection);
        while (true) {
            Update update = updates.poll(stallTimeout(frame).toMillis(), TimeUnit.MILLISECONDS);
            if (update == null) {
                if (connection.connected() && Duration.between(lastFrame, clock.instant()).compareTo(stallTimeout(frame)) >= 0) {
                    feed.reconnect();
                }
                continue;
            }
            switch (update) {
                case Quit quit -> {
                    return;
                }
                case Resize resize -> {
                    size = terminal.getSize();
                    display.resize(size.getRows(), size.getColumns());
                    display.clear();
                }
                case StateUpdate s -> state = s.state();
                case FeedUpdate(DashboardFeed.Frame f) -> {
                    frame = f.frame();
                    connection = Connection.live();
                    lastFrame = clock.instant();
                    requestTradingState();
                }
                case FeedUpdate(DashboardFeed.Away away) -> {
                    connection = Connection.away(away.since(), away.reason(), away.nextAttempt());
                    requestTradingState();
                }
            }
            // draw once for a burst of updates (a frame and the trading state that follows it)
            if (updates.isEmpty()) {
                draw(display, view, frame, state, connection);
            }
        }
    }

    private void draw(Display display, DashboardView view, JsonNode frame, JsonNode state, Connection connection) {
        List<AttributedString> lines = view.render(frame, state, connection, display.getColumns(), display.getRows(), clock.instant(), true);
        display.update(lines, -1);
    }

    private Duration stallTimeout(JsonNode frame) {
        double refresh = frame == null ? 2.0 : frame.path("refreshSeconds").asDouble(2.0);
        Duration stall = Duration.ofMillis((long) (refresh * 1000 * STALLED_AFTER_PERIODS));
        return stall.compareTo(MIN_STALL) < 0 ? MIN_STALL : stall;
    }

    /** One trading-state request at a time; its answer is drawn with the next frame or on its own. */
    private void requestTradingState() {
        if (stateRequested.compareAndSet(false, true)) {
            gateway.send("GET", "/api/v1/trading-state", null).handle((answer, failure) -> {
                stateRequested.set(false);
                updates.add(new StateUpdate(DashboardCommand.tradingState(java.util.Optional.ofNullable(answer), gateway)));
                return null;
            });
        }
    }

    private void startKeyboard(Terminal terminal) {
        Thread.ofPlatform().daemon().name("ofctl-dashboard-keys").start(() -> {
            try {
                while (true) {
                    int key = terminal.reader().read();
                    if (key < 0) {
                        // no keyboard (stdin closed, as under nohup): Ctrl-C or SIGTERM still end the view
                        return;
                    }
                    if (key == 'q' || key == 'Q' || key == 3) {
                        updates.add(new Quit());
                        return;
                    }
                }
            } catch (IOException e) {
                // the same: without a keyboard the view runs until a signal ends it
            }
        });
    }

    /** A dumb terminal cannot redraw in place: each frame is printed below the last one, as --once prints it. */
    private int scroll(Terminal terminal, DashboardView view) throws InterruptedException {
        DashboardFeed feed = new DashboardFeed(telemetry, e -> updates.add(new FeedUpdate(e)), clock);
        terminal.handle(Terminal.Signal.INT, signal -> updates.add(new Quit()));
        startKeyboard(terminal);
        feed.start();
        PrintWriter out = terminal.writer();
        JsonNode state = null;
        try {
            while (true) {
                Update update = updates.take();
                switch (update) {
                    case Quit quit -> {
                        return ExitCodes.OK;
                    }
                    case StateUpdate s -> state = s.state();
                    case FeedUpdate(DashboardFeed.Frame f) -> {
                        requestTradingState();
                        out.print(DashboardView.plain(view.render(f.frame(), state, Connection.live(), terminal.getWidth() > 0
                                ? terminal.getWidth() : 120, 0, clock.instant(), false)));
                        out.println();
                        out.flush();
                    }
                    case FeedUpdate(DashboardFeed.Away away) -> {
                        out.println("DISCONNECTED since " + away.since() + ": " + away.reason() + "; retrying at " + away.nextAttempt());
                        out.flush();
                    }
                    case Resize resize -> {
                    }
                }
            }
        } finally {
            feed.close();
        }
    }
}

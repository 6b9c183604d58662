package dev.orderflow.ofctl.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * One screen of the dashboard from a telemetry frame ({@code GET /api/v1/dashboard}), the gateway's trading
 * state and the state of the connection. Pure: the same input gives the same lines, so it is tested
 * without a terminal and {@code --once} prints exactly what the live view shows.
 */
public final class DashboardView {

    /** How the screen may draw: colours, and block characters for the sparklines or plain ASCII. */
    public record Style(boolean colour, boolean unicode) {

        public static final Style PLAIN = new Style(false, false);
    }

    /** The feed as the screen shows it: connected, or away since a moment, why, and when the next try is. */
    public record Connection(boolean connected, Instant since, String reason, Instant nextAttempt) {

        public static Connection live() {
            return new Connection(true, null, null, null);
        }

        public static Connection away(Instant since, String reason, Instant nextAttempt) {
            return new Connection(false, since, reason, nextAttempt);
        }
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final List<String> FLOW_STATES = List.of("ACCEPTED", "BLOCKED", "REJECTED", "CANCELED");
    private static final int MAX_ALERTS = 8;
    private static final int MAX_INSTANCES = 12;
    private static final int MAX_SYMBOLS = 12;

    private final Style style;
    private final String source;

    /** {@code source}: where the frames come from, shown in the title (the telemetry URL). */
    public DashboardView(Style style, String source) {
        this.style = style;
        this.source = source;
    }

    /**
     * The screen's lines, none wider than {@code width}, at most {@code height} of them (0: no limit, for
     * {@code --once}). {@code frame} is null until the first one arrived; {@code tradingState} holds either
     * the gateway's answer or {@code error}.
     */
    public List<AttributedString> render(JsonNode frame, JsonNode tradingState, Connection connection, int width, int height,
            Instant now, boolean live) {
        List<AttributedString> lines = new ArrayList<>();
        lines.add(title(frame, connection, width, now));
        if (!connection.connected() && connection.reason() != null) {
            lines.add(styled("telemetry: " + connection.reason() + (frame == null ? "" : "; the figures below are from the last frame"),
                    colour(AttributedStyle.RED)));
        }
        lines.add(tradingState(tradingState));
        if (frame == null) {
            lines.add(text(connection.connected() ? "Waiting for the first frame from telemetry..." : "No frame received yet."));
        } else {
            flow(frame, lines, width);
            guards(frame, lines, width);
            trend(frame, lines, width);
            alerts(frame, lines, width);
            instances(frame, lines, width, now);
            reconciliation(frame, lines, width);
        }
        if (live) {
            lines.add(text(""));
            lines.add(styled("q quit", faint()));
        }
        List<AttributedString> fitted = new ArrayList<>();
        for (AttributedString line : lines) {
            fitted.add(line.columnLength() > width ? line.columnSubSequence(0, width) : line);
        }
        if (height > 0 && fitted.size() > height) {
            int hidden = fitted.size() - height + 1;
            List<AttributedString> cut = new ArrayList<>(fitted.subList(0, height - 1));
            cut.add(fit(styled("... " + hidden + " more lines: enlarge the terminal", faint()), width));
            return cut;
        }
        return fitted;
    }

    /** The lines as plain text, one per line, for {@code --once} and scripts. */
    public static String plain(List<AttributedString> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line.toString().stripTrailing()).append('\n'));
        return text.toString();
    }

    private AttributedString title(JsonNode frame, Connection connection, int width, Instant now) {
        String left = " ofctl dashboard  " + source;
        if (frame != null) {
            left += "  frame " + clock(frame.path("at").asText(null)) + ", every " + plainNumber(frame.get("refreshSeconds")) + " s";
        }
        String right;
        AttributedStyle rightStyle;
        if (connection.connected()) {
            right = "LIVE ";
            rightStyle = strong(AttributedStyle.GREEN);
        } else {
            long away = Math.max(0, Duration.between(connection.since(), now).toSeconds());
            right = "DISCONNECTED since " + CLOCK.format(connection.since()) + " (" + away + " s)"
                    + (connection.nextAttempt() == null ? "" : ", retrying at " + CLOCK.format(connection.nextAttempt())) + " ";
            rightStyle = strong(AttributedStyle.RED);
        }
        if (left.length() + right.length() + 1 > width) {
            // a narrow terminal loses the source and the frame time before it loses whether the feed is live
            left = left.substring(0, Math.max(0, width - right.length() - 1));
        }
        AttributedStringBuilder line = new AttributedStringBuilder();
        AttributedStyle bar = style.colour() ? AttributedStyle.DEFAULT.inverse() : AttributedStyle.DEFAULT;
        line.style(bar).append(left);
        int gap = width - left.length() - right.length();
        line.append(" ".repeat(Math.max(1, gap)));
        line.style(style.colour() ? rightStyle.inverse() : AttributedStyle.DEFAULT).append(right);
        return line.toAttributedString();
    }

    private AttributedString tradingState(JsonNode state) {
        AttributedStringBuilder line = new AttributedStringBuilder().append("Trading state: ");
        if (state == null) {
            return line.append("...").toAttributedString();
        }
        if (state.has("error")) {
            return line.style(colour(AttributedStyle.YELLOW)).append("unknown (" + state.get("error").asText() + ")").toAttributedString();
        }
        String value = state.path("state").asText("?");
        int colour = switch (value) {
            case "ACTIVE" -> AttributedStyle.GREEN;
            case "REDUCING" -> AttributedStyle.YELLOW;
            default -> AttributedStyle.RED;
        };
        line.style(strong(colour)).append(value).style(AttributedStyle.DEFAULT);
        if (state.hasNonNull("reason") && !state.get("reason").asText().isBlank()) {
            line.append(" (" + state.get("reason").asText() + ")");
        }
        if (state.hasNonNull("updatedBy")) {
            line.append(", set by " + state.get("updatedBy").asText() + " at " + state.path("updatedAt").asText());
        }
        return line.toAttributedString();
    }

    private void flow(JsonNode frame, List<AttributedString> lines, int width) {
        lines.add(rule("ORDER FLOW, last 5 minutes", width));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("SYMBOL", "ORDERS", "SENT", "FILLED", "PARTIAL", "BLOCKED", "REJECTED", "CANCELED", "FILL RATE",
                "SLIP MEAN", "SLIP P95"));
        Iterator<Map.Entry<String, JsonNode>> symbols = frame.path("symbols").fields();
        int shown = 0;
        int more = 0;
        while (symbols.hasNext()) {
            Map.Entry<String, JsonNode> symbol = symbols.next();
            if (shown++ < MAX_SYMBOLS) {
                rows.add(flowRow(symbol.getKey(), symbol.getValue()));
            } else {
                more++;
            }
        }
        rows.add(flowRow("all", frame.path("lastFiveMinutes")));
        table(rows, lines, 1, rows.size() - 1);
        if (more > 0) {
            lines.add(text("  (" + more + " more symbols)"));
        }
        JsonNode hour = frame.path("lastHour");
        JsonNode slippage = hour.path("slippageBps");
        lines.add(text("Last hour: fill rate " + percent(hour.get("fillRatePercent")) + " (" + hour.path("entriesFilled").asLong()
                + "/" + hour.path("entriesSubmitted").asLong() + "), slippage mean " + plainNumber(slippage.get("mean"))
                + " / p95 " + bps(slippage.get("p95")) + ", venue duplicates " + hour.path("venueDuplicates").asLong()
                + ", replays " + hour.path("replays").asLong()));
    }

    private static List<String> flowRow(String name, JsonNode figures) {
        JsonNode states = figures.path("ordersByState");
        JsonNode slippage = figures.path("slippageBps");
        List<String> row = new ArrayList<>();
        row.add(name);
        row.add(String.valueOf(states.path(FLOW_STATES.get(0)).asLong()));
        row.add(String.valueOf(figures.path("submissions").asLong()));
        row.add(String.valueOf(states.path("FILLED").asLong()));
        row.add(String.valueOf(figures.path("partialFills").asLong()));
        for (String state : FLOW_STATES.subList(1, FLOW_STATES.size())) {
            row.add(String.valueOf(states.path(state).asLong()));
        }
        row.add(percent(figures.get("fillRatePercent")));
        row.add(bps(slippage.get("mean")));
        row.add(bps(slippage.get("p95")));
        return row;
    }

    private void guards(JsonNode frame, List<AttributedString> lines, int width) {
        JsonNode figures = frame.path("lastFiveMinutes");
        lines.add(rule("GUARDS, THROTTLING, CACHE, last 5 minutes", width));
        StringBuilder blocks = new StringBuilder();
        figures.path("reasonsByOutcome").path("BLOCK").fields()
                .forEachRemaining(reason -> blocks.append(blocks.isEmpty() ? "" : ", ").append(reason.getKey()).append(' ')
                        .append(reason.getValue().asLong()));
        lines.add(text("Guard blocks: " + figures.path("decisionsByOutcome").path("BLOCK").asLong()
                + (blocks.isEmpty() ? "" : " (" + blocks + ")") + " of " + sum(figures.path("decisionsByOutcome"))
                + " entry decisions, block ratio " + percent(figures.get("blockRatioPercent")) + "; shadow blocks "
                + figures.path("shadowBlocks").asLong()));
        lines.add(text("Throttle rate: " + percent(figures.get("throttleRatePercent")) + " (" + figures.path("throttles").asLong()
                + " of " + figures.path("submissions").asLong() + " submissions)    Cache hit rate: "
                + percent(figures.get("cacheHitRatePercent")) + " (" + figures.path("cacheHits").asLong() + " hits, "
                + figures.path("cacheMisses").asLong() + " misses)"));
    }

    private void trend(JsonNode frame, List<AttributedString> lines, int width) {
        JsonNode trend = frame.path("trend");
        lines.add(rule("TREND, last 5 minutes in 30 s steps, oldest first", width));
        if (trend.isEmpty()) {
            lines.add(text("no trend yet"));
            return;
        }
        series("submissions", trend, p -> p.get("submissions"), lines);
        series("entries filled", trend, p -> p.get("entriesFilled"), lines);
        series("guard blocks", trend, p -> p.get("blocks"), lines);
        series("throttles", trend, p -> p.get("throttles"), lines);
        series("slippage bps", trend, p -> p.get("slippageMeanBps"), lines);
    }

    private void series(String label, JsonNode trend, Function<JsonNode, JsonNode> field, List<AttributedString> lines) {
        List<BigDecimal> values = new ArrayList<>();
        trend.forEach(point -> {
            JsonNode value = field.apply(point);
            values.add(value == null || value.isNull() || !value.isNumber() ? null : value.decimalValue());
        });
        BigDecimal last = values.isEmpty() ? null : values.get(values.size() - 1);
        BigDecimal max = values.stream().filter(v -> v != null).max(BigDecimal::compareTo).orElse(null);
        lines.add(new AttributedStringBuilder().append(String.format("%-15s ", label))
                .style(colour(AttributedStyle.CYAN)).append(Sparkline.of(values, style.unicode()))
                .style(AttributedStyle.DEFAULT).append("  now " + plainNumber(last) + ", max " + plainNumber(max))
                .toAttributedString());
    }

    private void alerts(JsonNode frame, List<AttributedString> lines, int width) {
        JsonNode alerts = frame.path("openAlerts");
        lines.add(rule("OPEN ALERTS (" + alerts.size() + ")", width));
        if (alerts.isEmpty()) {
            lines.add(styled("none", colour(AttributedStyle.GREEN)));
            return;
        }
        int shown = 0;
        for (JsonNode alert : alerts) {
            if (shown++ == MAX_ALERTS) {
                lines.add(text("  (" + (alerts.size() - MAX_ALERTS) + " more: ofctl alerts --open)"));
                break;
            }
            String severity = alert.path("severity").asText();
            AttributedStyle severityStyle = "CRITICAL".equals(severity) ? strong(AttributedStyle.RED) : colour(AttributedStyle.YELLOW);
            String subject = alert.path("subject").asText("");
            String unit = alert.path("unit").asText("");
            lines.add(new AttributedStringBuilder().style(severityStyle).append(String.format("%-8s", severity))
                    .style(AttributedStyle.DEFAULT)
                    .append("  " + alert.path("rule").asText() + (subject.isBlank() ? "" : " " + subject) + ": "
                            + plainNumber(alert.get("observed")) + " " + unit + " (threshold " + plainNumber(alert.get("threshold"))
                            + " " + unit + ") since " + clock(alert.path("raisedAt").asText(null)) + " -> " + alert.path("action").asText())
                    .toAttributedString());
        }
    }

    private void instances(JsonNode frame, List<AttributedString> lines, int width, Instant now) {
        JsonNode instances = frame.path("instances");
        lines.add(rule("HEARTBEATS (" + instances.size() + " instances)", width));
        if (instances.isEmpty()) {
            lines.add(text("none received (services publish them with ENABLE_LIVE_HEARTBEAT)"));
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("SERVICE", "INSTANCE", "STATUS", "AGE", "HEAP", "RSS", "CPU", "GROWTH", "VERSION"));
        List<Boolean> bad = new ArrayList<>();
        int shown = 0;
        for (JsonNode instance : instances) {
            if (shown++ == MAX_INSTANCES) {
                break;
            }
            String status = instance.path("status").asText();
            bad.add(!"UP".equals(status));
            rows.add(List.of(instance.path("service").asText(), instance.path("instance").asText(), status,
                    age(instance, frame, now), mib(instance.get("heapUsedBytes")), mib(instance.get("rssBytes")),
                    percent(instance.get("cpuPercent")), instance.hasNonNull("memoryGrowthMbPerDay")
                            ? plainNumber(instance.get("memoryGrowthMbPerDay")) + " MB/day" : "-",
                    instance.path("version").asText("-")));
        }
        int first = lines.size();
        table(rows, lines, 3, -1);
        for (int i = 0; i < bad.size(); i++) {
            if (bad.get(i)) {
                lines.set(first + 1 + i, restyle(lines.get(first + 1 + i), colour(AttributedStyle.RED)));
            }
        }
        if (instances.size() > MAX_INSTANCES) {
            lines.add(text("  (" + (instances.size() - MAX_INSTANCES) + " more instances: ofctl status)"));
        }
    }

    /** The heartbeat's age as telemetry computed it at the frame's time, plus the time since that frame. */
    private static String age(JsonNode instance, JsonNode frame, Instant now) {
        JsonNode age = instance.get("heartbeatAgeSeconds");
        if (age == null || age.isNull()) {
            return "-";
        }
        BigDecimal seconds = age.decimalValue();
        Instant at = instant(frame.path("at").asText(null));
        if (at != null && now.isAfter(at)) {
            seconds = seconds.add(BigDecimal.valueOf(Duration.between(at, now).toMillis(), 3));
        }
        return seconds.setScale(1, RoundingMode.HALF_UP).toPlainString() + " s";
    }

    private void reconciliation(JsonNode frame, List<AttributedString> lines, int width) {
        lines.add(rule("LAST RECONCILIATION", width));
        JsonNode run = frame.get("lastReconciliation");
        if (run == null || run.isNull()) {
            lines.add(text("none seen yet"));
            return;
        }
        int findings = run.path("findings").asInt();
        String phase = run.path("phase").asText();
        AttributedStyle look = "FAILED".equals(phase) ? colour(AttributedStyle.RED)
                : findings > 0 ? colour(AttributedStyle.YELLOW) : AttributedStyle.DEFAULT;
        StringBuilder kinds = new StringBuilder();
        run.path("findingsByKind").fields().forEachRemaining(k -> kinds.append(kinds.isEmpty() ? "" : ", ").append(k.getKey())
                .append(' ').append(k.getValue().asLong()));
        lines.add(styled(run.path("runId").asText() + " " + run.path("kind").asText() + " " + phase + " at "
                + run.path("finishedAt").asText(run.path("startedAt").asText()) + ", " + findings + " findings"
                + (kinds.isEmpty() ? "" : " (" + kinds + ")") + (run.hasNonNull("error") ? ", error: " + run.get("error").asText() : ""),
                look));
    }

    /**
     * Columns as wide as their widest cell, two spaces apart: the first {@code names} columns to the left, the
     * figures to the right; the header bold, {@code totalRow} (or -1) bold too.
     */
    private void table(List<List<String>> rows, List<AttributedString> lines, int names, int totalRow) {
        int[] widths = new int[rows.get(0).size()];
        rows.forEach(row -> {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            List<String> row = rows.get(r);
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(pad(cell, widths[i], i >= names)).append(i < row.size() - 1 ? "  " : "");
            }
            AttributedStyle look = r == 0 ? bold() : r == totalRow ? bold() : AttributedStyle.DEFAULT;
            lines.add(styled(line.toString().stripTrailing(), look));
        }
    }

    private static String pad(String cell, int width, boolean right) {
        String space = " ".repeat(Math.max(0, width - cell.length()));
        return right ? space + cell : cell + space;
    }

    private AttributedString rule(String title, int width) {
        // heavy, not light: JLine turns the light box-drawing line into the terminal's line-drawing charset,
        // which tmux and others then show as the letter q
        String dash = style.unicode() ? "\u2501" : "-";
        String head = dash + dash + " " + title + " ";
        return styled(head + dash.repeat(Math.max(0, width - head.length())), strong(AttributedStyle.BLUE));
    }

    private AttributedStyle colour(int colour) {
        return style.colour() ? AttributedStyle.DEFAULT.foreground(colour) : AttributedStyle.DEFAULT;
    }

    private AttributedStyle strong(int colour) {
        return style.colour() ? AttributedStyle.BOLD.foreground(colour) : AttributedStyle.DEFAULT;
    }

    private AttributedStyle faint() {
        return style.colour() ? AttributedStyle.DEFAULT.faint() : AttributedStyle.DEFAULT;
    }

    private AttributedStyle bold() {
        return style.colour() ? AttributedStyle.BOLD : AttributedStyle.DEFAULT;
    }

    private static AttributedString restyle(AttributedString line, AttributedStyle look) {
        return new AttributedString(line.toString(), look);
    }

    private static AttributedString text(String text) {
        return new AttributedString(text);
    }

    private static AttributedString styled(String text, AttributedStyle look) {
        return new AttributedString(text, look);
    }

    private static AttributedString fit(AttributedString line, int width) {
        return line.columnLength() > width ? line.columnSubSequence(0, width) : line;
    }

    private static long sum(JsonNode counts) {
        long total = 0;
        for (JsonNode count : counts) {
            total += count.asLong();
        }
        return total;
    }

    static String percent(JsonNode value) {
        return value == null || value.isNull() ? "-" : plainNumber(value) + " %";
    }

    static String bps(JsonNode value) {
        return value == null || value.isNull() ? "-" : plainNumber(value) + " bps";
    }

    static String mib(JsonNode bytes) {
        if (bytes == null || bytes.isNull()) {
            return "-";
        }
        return BigDecimal.valueOf(bytes.asLong()).divide(BigDecimal.valueOf(1024L * 1024L), 1, RoundingMode.HALF_UP).toPlainString() + " MiB";
    }

    static String plainNumber(JsonNode value) {
        return value == null || value.isNull() || !value.isNumber() ? "-" : plainNumber(value.decimalValue());
    }

    static String plainNumber(BigDecimal value) {
        if (value == null) {
            return "-";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private static String clock(String instant) {
        Instant at = instant(instant);
        return at == null ? "-" : CLOCK.format(at);
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

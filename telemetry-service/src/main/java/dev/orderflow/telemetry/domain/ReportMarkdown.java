package dev.orderflow.telemetry.domain;

import java.math.BigDecimal;
import java.util.Map;

/** A report as Markdown, for the weekly review and a postmortem. */
public final class ReportMarkdown {

    private ReportMarkdown() {
    }

    public static String render(Report report) {
        Figures f = report.figures();
        Figures p = report.previous();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(report.kind().equals("weekly") ? "Weekly review" : "Daily performance report").append("\n\n");
        md.append("Period ").append(report.from()).append(" to ").append(report.to()).append(" (UTC), generated ")
                .append(report.generatedAt()).append(".\n\n");
        md.append("## Order flow\n\n| | this period | period before |\n|---|---|---|\n");
        row(md, "entries sent to the exchange", f.entriesSubmitted(), p.entriesSubmitted());
        row(md, "entries filled", f.entriesFilled(), p.entriesFilled());
        row(md, "fill rate %", f.fillRatePercent(), p.fillRatePercent());
        row(md, "partial fills", f.partialFills(), p.partialFills());
        row(md, "submissions (all)", f.submissions(), p.submissions());
        row(md, "throttled submissions", f.throttles(), p.throttles());
        row(md, "throttle rate %", f.throttleRatePercent(), p.throttleRatePercent());
        row(md, "cache hit rate %", f.cacheHitRatePercent(), p.cacheHitRatePercent());
        row(md, "duplicate orders (at the venue)", f.venueDuplicates(), p.venueDuplicates());
        row(md, "replays answered by the COID manager", f.replays(), p.replays());
        md.append("\nFill rate change: ").append(text(report.fillRateChangePoints())).append(" percentage points.\n\n");
        md.append("## Entry slippage (bps)\n\n| count | mean | p50 | p95 | max |\n|---|---|---|---|---|\n");
        DistributionSummary s = f.slippageBps();
        md.append(s == null ? "| 0 | - | - | - | - |\n"
                : "| " + s.count() + " | " + s.mean() + " | " + s.p50() + " | " + s.p95() + " | " + s.max() + " |\n");
        md.append("\n## Guard impact\n\n| outcome | decisions | by reason |\n|---|---|---|\n");
        for (var outcome : f.decisionsByOutcome().entrySet()) {
            md.append("| ").append(outcome.getKey()).append(" | ").append(outcome.getValue()).append(" | ")
                    .append(reasons(f.reasonsByOutcome().get(outcome.getKey()))).append(" |\n");
        }
        md.append("\nBlock ratio ").append(text(f.blockRatioPercent())).append("%; shadow mode would have blocked ")
                .append(f.shadowBlocks()).append(" entries.\n\n");
        md.append("## Alerts raised\n\n");
        if (report.alerts().isEmpty()) {
            md.append("None.\n");
        } else {
            md.append("| rule | severity | raised |\n|---|---|---|\n");
            report.alerts().forEach(a -> md.append("| ").append(a.rule()).append(" | ").append(a.severity()).append(" | ")
                    .append(a.raised()).append(" |\n"));
        }
        md.append("\n## Reconciliation findings\n\n").append(f.findingsByKind().isEmpty() ? "None." : reasons(f.findingsByKind()))
                .append("\n\n## Memory and CPU\n\n| instance | RSS first MB | RSS last MB | change MB | heap max MB | CPU max % | CPU last % |\n|---|---|---|---|---|---|---|\n");
        for (Report.InstanceTrend t : report.resources()) {
            md.append("| ").append(t.service()).append('/').append(t.instance()).append(" | ").append(mb(t.rssFirstBytes()))
                    .append(" | ").append(mb(t.rssLastBytes())).append(" | ").append(text(t.rssChangeMb())).append(" | ")
                    .append(mb(t.heapMaxBytes())).append(" | ").append(text(t.cpuPercentMax())).append(" | ")
                    .append(text(t.cpuPercentLast())).append(" |\n");
        }
        if (!report.symbols().isEmpty()) {
            md.append("\n## Per symbol\n\n| symbol | entries sent | filled | fill rate % | slippage mean bps | blocks |\n|---|---|---|---|---|---|\n");
            report.symbols().forEach((symbol, figures) -> md.append("| ").append(symbol).append(" | ")
                    .append(figures.entriesSubmitted()).append(" | ").append(figures.entriesFilled()).append(" | ")
                    .append(text(figures.fillRatePercent())).append(" | ")
                    .append(figures.slippageBps() == null ? "-" : figures.slippageBps().mean().toPlainString()).append(" | ")
                    .append(figures.decisionsByOutcome().getOrDefault("BLOCK", 0L)).append(" |\n"));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, Object now, Object before) {
        md.append("| ").append(name).append(" | ").append(text(now)).append(" | ").append(text(before)).append(" |\n");
    }

    private static String text(Object value) {
        if (value == null) {
            return "-";
        }
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    private static String reasons(Map<String, Long> counts) {
        if (counts == null || counts.isEmpty()) {
            return "-";
        }
        StringBuilder text = new StringBuilder();
        counts.forEach((reason, n) -> text.append(text.isEmpty() ? "" : ", ").append(reason).append(' ').append(n));
        return text.toString();
    }

    private static String mb(Long bytes) {
        return bytes == null ? "-" : BigDecimal.valueOf(bytes).movePointLeft(6).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}

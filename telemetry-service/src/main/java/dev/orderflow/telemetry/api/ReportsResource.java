package dev.orderflow.telemetry.api;

import dev.orderflow.telemetry.domain.Figures;
import dev.orderflow.telemetry.domain.HourlyRollup;
import dev.orderflow.telemetry.domain.Report;
import dev.orderflow.telemetry.domain.ReportMarkdown;
import dev.orderflow.telemetry.persistence.AlertStore;
import dev.orderflow.telemetry.persistence.RollupStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/reports")
@Tag(name = "Reports")
public class ReportsResource {

    private final RollupStore rollups;
    private final AlertStore alerts;

    public ReportsResource(RollupStore rollups, AlertStore alerts) {
        this.rollups = rollups;
        this.alerts = alerts;
    }

    @GET
    @Path("/{kind}")
    @Produces({MediaType.APPLICATION_JSON, "text/markdown"})
    @Operation(summary = "Daily performance report or weekly review (the last 24 or 168 hours up to the current one, against the period before), from hourly roll-ups")
    public Response report(@Parameter(description = "daily or weekly") @PathParam("kind") String kind,
            @Parameter(description = "json (default) or md") @QueryParam("format") String format) throws SQLException {
        Report.Kind reportKind = switch (kind) {
            case "daily" -> Report.Kind.DAILY;
            case "weekly" -> Report.Kind.WEEKLY;
            default -> throw Problems.badParameter("kind", "must be daily or weekly");
        };
        String chosen = format == null ? "json" : format.toLowerCase(Locale.ROOT);
        if (!chosen.equals("json") && !chosen.equals("md")) {
            throw Problems.badParameter("format", "must be json or md");
        }
        rollups.write();
        Report report = build(kind, reportKind, Instant.now());
        return chosen.equals("md")
                ? Response.ok(ReportMarkdown.render(report), "text/markdown; charset=utf-8").build()
                : Response.ok(report, MediaType.APPLICATION_JSON).build();
    }

    private Report build(String name, Report.Kind kind, Instant now) throws SQLException {
        Instant from = kind.from(now);
        Instant to = kind.to(now);
        Instant previousFrom = from.minus(kind.length());
        Figures figures = HourlyRollup.sum(flatten(rollups.figures(from, to, HourlyRollup.OVERALL)));
        Figures previous = HourlyRollup.sum(flatten(rollups.figures(previousFrom, from, HourlyRollup.OVERALL)));
        Map<String, Figures> symbols = new TreeMap<>();
        rollups.figures(from, to, HourlyRollup.SYMBOL).forEach((symbol, hours) -> symbols.put(symbol, HourlyRollup.sum(hours)));
        return new Report(name, from, to, now, figures, previous, Report.change(figures.fillRatePercent(), previous.fillRatePercent()),
                symbols, alerts.raised(from, to), rollups.resources(from, to));
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> flatten(Map<String, List<com.fasterxml.jackson.databind.JsonNode>> byKey) {
        return byKey.values().stream().flatMap(List::stream).toList();
    }
}

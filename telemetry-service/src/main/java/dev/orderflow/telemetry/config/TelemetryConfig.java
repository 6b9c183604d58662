package dev.orderflow.telemetry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;

@ConfigMapping(prefix = "telemetry")
public interface TelemetryConfig {

    Heartbeat heartbeat();

    Ingest ingest();

    FiguresSettings figures();

    Alerts alerts();

    Archive archive();

    Reports reports();

    interface Heartbeat {
        /** Number of heartbeat intervals (orderflow.service.heartbeat-interval) without a heartbeat before an instance counts as missing. */
        @WithDefault("3")
        @Min(2)
        int missingAfter();
    }

    interface Ingest {
        /** Consumer group of the event ingest; offsets are committed only after the events are archived. */
        @WithDefault("telemetry-service")
        String groupId();

        /** Event ids remembered to recognise a redelivery (about 48 bytes each). */
        @WithDefault("500000")
        @Min(1000)
        int dedupeCapacity();

        /** Records taken per poll; one archive flush and one offset commit per poll. */
        @WithDefault("2000")
        @Min(1)
        int maxPollRecords();
    }

    interface FiguresSettings {
        /** Symbols plus strategies given figures of their own; later ones are counted in the overall figures only. */
        @WithDefault("500")
        @Min(1)
        int maxScopes();

        /** Latest orders remembered for their strategy and the time to their first fill (about 120 bytes each). */
        @WithDefault("50000")
        @Min(1000)
        int maxTrackedOrders();
    }

    interface Alerts {
        /** Wait for each rule's hold-for period before raising (as Prometheus's {@code for}); false raises at the first breach. */
        @WithDefault("true")
        boolean applyHoldFor();

        /** How long a value must stay below an open alert's threshold before the alert steps down or resolves. */
        @WithDefault("1m")
        Duration clearAfter();

        /** Resolved alerts listed by GET /api/v1/alerts. */
        @WithDefault("50")
        @Min(0)
        int recent();
    }

    interface Archive {
        /** Root of the audit archive; lines go to {@code <dir>/sessions/<UTC start>/events-<n>.jsonl}. */
        @WithDefault("archive")
        Path dir();

        /** A file is closed and the next one opened once it reaches this size, in bytes. */
        @WithDefault("67108864")
        @Min(4096)
        long maxFileBytes();

        /** Files older than this are deleted. */
        @WithDefault("30d")
        Duration retention();

        /** The oldest files are deleted while the archive is larger than this, in bytes. */
        @WithDefault("5368709120")
        @Min(65536)
        long maxTotalBytes();

        /** Force every flushed batch to the disk before its offsets are committed (survives a machine crash, not only a process crash). */
        @WithDefault("true")
        boolean fsync();
    }

    interface Reports {
        /** How often the hourly roll-ups the reports read are written to Postgres. */
        @WithDefault("60s")
        Duration rollupEvery();
    }
}

package dev.orderflow.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** Identity and platform settings every service shares ({@code orderflow.service.*}). */
@ConfigMapping(prefix = "orderflow.service")
public interface ServiceConfig {

    /** The service's name as it appears in events ({@code source}) and heartbeats. */
    @WithName("name")
    String serviceName();

    /** Release version reported in heartbeats. */
    @WithName("version")
    @WithDefault("0.1.0-SNAPSHOT")
    String serviceVersion();

    /** Pod or host name; distinguishes replicas. Kubernetes sets HOSTNAME to the pod name. */
    @WithName("instance")
    @WithDefault("${HOSTNAME:local}")
    String instance();

    /** How often a heartbeat is published while ENABLE_LIVE_HEARTBEAT is on (env ORDERFLOW_SERVICE_HEARTBEAT_INTERVAL). */
    @WithName("heartbeat-interval")
    @WithDefault("5s")
    Duration heartbeatInterval();
}

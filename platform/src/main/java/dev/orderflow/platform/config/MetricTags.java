package dev.orderflow.platform.config;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Tags every metric with the service and instance, so one Prometheus can tell replicas and services apart. */
public class MetricTags {

    @Produces
    @Singleton
    MeterFilter serviceTags(ServiceConfig config) {
        return MeterFilter.commonTags(Tags.of("application", config.serviceName(), "instance_id", config.instance()));
    }
}

package dev.orderflow.gateway.config;

import dev.orderflow.platform.config.Flags;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Says loudly at start-up when the gateway runs without its hardening (master switch off). */
@ApplicationScoped
public class PassThroughNotice {

    private static final Logger LOG = Logger.getLogger(PassThroughNotice.class);

    void onStart(@Observes StartupEvent event, Flags flags) {
        if (!flags.values().masterSwitchOn()) {
            String line = "*".repeat(100);
            LOG.error(line);
            LOG.error("ORDER GATEWAY IN PASS-THROUGH MODE (ENABLE_ORDER_FLOW_HARDENING=false): no COID replay protection, "
                    + "no symbol locks, no entry guards, no startup reconcile gate, no consolidated exits");
            LOG.error(line);
        }
    }
}

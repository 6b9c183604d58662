package dev.orderflow.platform.config;

import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.contracts.flags.FlagLoader;
import dev.orderflow.contracts.flags.FlagSet;
import dev.orderflow.contracts.flags.InvalidFlagException;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The service's feature flags, read once at start-up from every configuration source: environment
 * variables (the ConfigMap in Kubernetes), system properties and, in tests, profile overrides. Names
 * are the exact variable names of the deployment guide. An invalid flag stops start-up: the error
 * is one line naming the variable and the values it accepts.
 */
@Startup
@Singleton
public class Flags {

    private static final Logger LOG = Logger.getLogger(Flags.class);

    private final Config config;
    private FlagSet values;

    public Flags(Config config) {
        this.config = config;
    }

    @PostConstruct
    void load() {
        Map<String, String> variables = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (FeatureFlag.looksLikeFlag(name)) {
                config.getOptionalValue(name, String.class).ifPresent(value -> variables.put(name, value));
            }
        }
        try {
            values = FlagLoader.load(variables);
        } catch (InvalidFlagException e) {
            LOG.error(e.getMessage());
            throw new FlagConfigurationError(e);
        }
        if (!values.masterSwitchOn()) {
            LOG.warn("ENABLE_ORDER_FLOW_HARDENING=false: every hardening feature is OFF; orders pass through unprotected");
        }
        LOG.infof("Flags %s (hash %s)", values, values.hash());
    }

    public FlagSet values() {
        return values;
    }

    /** The effective value: false for every feature while the master switch is off. */
    public boolean isEnabled(FeatureFlag flag) {
        return values.isEnabled(flag);
    }
}

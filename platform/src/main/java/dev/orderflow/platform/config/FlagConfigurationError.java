package dev.orderflow.platform.config;

import dev.orderflow.contracts.flags.InvalidFlagException;

/** Thrown at start-up for an invalid flag; it carries the one-line message and no stack of interest. */
public class FlagConfigurationError extends RuntimeException {

    public FlagConfigurationError(InvalidFlagException cause) {
        super(cause.getMessage(), null, false, false);
    }
}

package dev.orderflow.ofctl.config;

/** A setting a command needs has no value; the message names every way to give one. */
public final class MissingSettingException extends RuntimeException {

    public MissingSettingException(String key) {
        super(key + " is not set: pass --set " + key + "=..., export " + SettingsResolver.environmentName(key)
                + ", or put it in the config file (--config FILE or OFCTL_CONFIG; the local stack writes .run/local/ofctl.properties)");
    }
}

package dev.orderflow.ofctl;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "ofctl", mixinStandardHelpOptions = true, version = "ofctl 0.1.0",
        description = "Operate Order Flow Hardening: validate configuration, inspect flags and phases.",
        subcommands = {ValidateCommand.class, FlagsCommand.class, TopicsCommand.class})
public class OfctlCommand {
}

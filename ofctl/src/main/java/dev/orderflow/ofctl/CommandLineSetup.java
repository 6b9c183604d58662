package dev.orderflow.ofctl;

import dev.orderflow.ofctl.client.ServiceException;
import dev.orderflow.ofctl.config.MissingSettingException;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** Errors an operator can act on become one line on stderr and exit code 1, never a stack trace. */
@ApplicationScoped
public class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory, CommandLine.IFactory commands,
            @CommandLineArguments String[] args) {
        CommandLine line = factory.create();
        addSubcommands(line, commands, args);
        return line.setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    if (e instanceof CommandLine.ParameterException parameterError) {
                        // thrown by a command's own checks: answered like picocli's, message and usage, exit code 2
                        return commandLine.getParameterExceptionHandler().handleParseException(parameterError,
                                parseResult.originalArgs().toArray(String[]::new));
                    }
                    boolean explained = e instanceof ServiceException || e instanceof MissingSettingException
                            || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                            || e instanceof UncheckedIOException;
                    String message = explained ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
                    commandLine.getErr().println("ofctl " + commandLine.getCommandName() + ": " + message);
                    commandLine.getErr().flush();
                    return ExitCodes.FAILED;
                });
    }

    /**
     * Adds the subcommand the arguments name, or every one when they name none ({@code --help}, a typo that
     * picocli answers with suggestions). Building one command's model by reflection took about 30 to 400 ms
     * of CPU, 0.8 s for all thirteen at start-up, most of what {@code ofctl status} cost before its first
     * request.
     */
    static void addSubcommands(CommandLine line, CommandLine.IFactory commands, String[] args) {
        String asked = args.length == 0 ? "" : args[0];
        for (Class<?> command : OfctlCommand.SUBCOMMANDS) {
            if (command.getAnnotation(CommandLine.Command.class).name().equals(asked)) {
                line.addSubcommand(new CommandLine(command, commands));
                return;
            }
        }
        OfctlCommand.SUBCOMMANDS.forEach(command -> line.addSubcommand(new CommandLine(command, commands)));
    }
}

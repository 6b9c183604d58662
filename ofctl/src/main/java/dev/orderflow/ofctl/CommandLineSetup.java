package dev.orderflow.ofctl;

import dev.orderflow.ofctl.client.ServiceException;
import dev.orderflow.ofctl.config.MissingSettingException;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** Errors an operator can act on become one line on stderr and exit code 1, never a stack trace. */
@ApplicationScoped
public class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return factory.create()
                .setCaseInsensitiveEnumValuesAllowed(true)
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
}

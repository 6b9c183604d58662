package dev.orderflow.ofctl.commands;

import dev.orderflow.contracts.flags.FlagFileValidator;
import dev.orderflow.ofctl.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Step 3 of the deployment guide: validate the flags of an env file or of rendered Kubernetes YAML. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate feature flags in env files (NAME=value) or Kubernetes YAML with ConfigMaps. Exit code 0 when valid, 3 when a flag is invalid, 1 when a file cannot be read.")
public class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "env file, ConfigMap YAML or kubectl kustomize output")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allValid = true;
        boolean allRead = true;
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                err.println("FAILED " + file + ": cannot read the file");
                allRead = false;
                continue;
            }
            for (FlagFileValidator.Report report : FlagFileValidator.validate(file)) {
                if (report.valid()) {
                    out.println("PASSED " + report.source() + " (" + report.variables().size() + " variables)");
                } else {
                    allValid = false;
                    err.println("FAILED " + report.source());
                    report.problems().forEach(problem -> err.println("  " + problem));
                }
            }
        }
        out.println(allValid && allRead ? "Config validation: PASSED" : "Config validation: FAILED");
        return !allRead ? ExitCodes.FAILED : allValid ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}

package dev.orderflow.ofctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusMainTest
class OfctlCommandTests {

    @TempDir
    Path dir;

    @Test
    void validEnvFilePasses(QuarkusMainLauncher launcher) throws Exception {
        Path file = Files.writeString(dir.resolve("flags.env"), "ENABLE_COID_MANAGER=true\nENABLE_SYMBOL_LOCKS=True\n");

        LaunchResult result = launcher.launch("validate", file.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("PASSED " + file).contains("Config validation: PASSED");
    }

    @Test
    void invalidFileFailsWithEveryProblem(QuarkusMainLauncher launcher) throws Exception {
        Path file = Files.writeString(dir.resolve("flags.env"), "ENABLE_SPRED_GUARD_ENTRY=true\nLIVE_MONITOR_REFRESH_S=100\n");

        LaunchResult result = launcher.launch("validate", file.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(result.getErrorOutput())
                .contains("did you mean ENABLE_SPREAD_GUARD_ENTRY?")
                .contains("LIVE_MONITOR_REFRESH_S: 100 is out of range");
        assertThat(result.getOutput()).contains("Config validation: FAILED");
    }

    @Test
    void missingFileFails(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("validate", dir.resolve("absent.env").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).contains("cannot read the file");
    }

    @Test
    void flagsOfAPhaseAreTheGuidesAndValidate(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult flags = launcher.launch("flags", "--phase", "2");
        Path file = Files.writeString(dir.resolve("phase2.env"), flags.getOutput());

        assertThat(flags.exitCode()).isZero();
        assertThat(flags.getOutput())
                .contains("ENABLE_SYMBOL_LOCKS=true")
                .contains("ENABLE_CONSOLIDATED_ENTRY_GUARDS=true")
                .contains("ENABLE_FILL_TELEMETRY=false");
        assertThat(launcher.launch("validate", file.toString()).exitCode()).isZero();
    }

    @Test
    void phaseFlagsAsJsonForScripts(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("flags", "--phase", "1", "-o", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("\"ENABLE_COID_MANAGER\" : \"true\"").contains("\"ENABLE_FILL_TELEMETRY\" : \"false\"");
    }

    @Test
    void everyCommandHasHelp(QuarkusMainLauncher launcher) {
        for (String[] command : new String[][] {{"--help"}, {"status", "--help"}, {"orders", "list", "--help"},
                {"trading-state", "halt", "--help"}, {"reconcile", "run", "--help"}, {"alerts", "--help"}, {"report", "--help"},
                {"audit", "tail", "--help"}, {"audit", "grep", "--help"}, {"dashboard", "--help"}, {"load", "--help"}}) {
            LaunchResult result = launcher.launch(command);
            assertThat(result.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(result.getOutput()).as(String.join(" ", command)).contains("Usage: ofctl");
        }
    }

    @Test
    void unknownPhaseIsAnError(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("flags", "--phase", "7");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.getErrorOutput()).contains("Unknown phase '7'; accepted values: 1, 2, 3, 4, full");
    }
}

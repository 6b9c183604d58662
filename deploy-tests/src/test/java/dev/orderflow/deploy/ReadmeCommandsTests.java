package dev.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands as a new user types them, on a machine whose default java is older than the build
 * needs (java 17 is the default on Debian 12): {@code ./mvnw} finds a JDK >= 21 by itself, or says in one
 * line what to install; CI runs the README's test command itself, with no JAVA_HOME.
 */
class ReadmeCommandsTests {

    private static final Path ROOT = Manifests.ROOT;

    @Test
    void wrapperBuildsWithANewerJdkWhenTheDefaultJavaIsSeventeen(@TempDir Path dir) throws Exception {
        Path oldJava = fakeJava(dir, "17");
        Path installedJdks = Path.of(System.getProperty("java.home")).getParent();

        Run run = wrapper(Map.of("PATH", oldJava.resolve("bin") + ":/usr/bin:/bin",
                "ORDERFLOW_JDK_DIRS", installedJdks.toString()), "-v");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).containsPattern("Java version: (2[1-9]|[3-9][0-9])");
    }

    @Test
    void wrapperReplacesAJavaHomeThatIsTooOldAndSaysSo(@TempDir Path dir) throws Exception {
        Path oldJava = fakeJava(dir, "17");
        Path installedJdks = Path.of(System.getProperty("java.home")).getParent();

        Run run = wrapper(Map.of("JAVA_HOME", oldJava.toString(), "PATH", "/usr/bin:/bin",
                "ORDERFLOW_JDK_DIRS", installedJdks.toString()), "-v");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("is older than 21").containsPattern("Java version: (2[1-9]|[3-9][0-9])");
    }

    @Test
    void wrapperWithoutASuitableJdkSaysWhatToInstallInOneLine(@TempDir Path dir) throws Exception {
        Path oldJava = fakeJava(dir, "17");

        Run run = wrapper(Map.of("PATH", oldJava.resolve("bin") + ":/usr/bin:/bin",
                "ORDERFLOW_JDK_DIRS", dir.resolve("no-jdks-here").toString()), "-v");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output().strip().lines()).singleElement().asString()
                .contains("A JDK 21 or newer is required").contains("Java 17").contains("install");
    }

    @Test
    void ciRunsTheReadmeTestCommandAsTypedWithoutJavaHome() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        String testCommand = readme.stream().filter(line -> line.startsWith("./mvnw ") && line.contains("# every test"))
                .findFirst().orElseThrow(() -> new AssertionError("README.md gives no test command"))
                .replaceFirst("\\s*#.*$", "");
        assertThat(readme.subList(0, 6)).anyMatch(line -> line.startsWith("deploy/local/up"))
                .anyMatch(line -> line.startsWith(testCommand));

        Process extract = new ProcessBuilder("bash", "-c",
                "sed -n 's/^\\(\\.\\/mvnw [^#]*[^ #]\\) *# every test.*/\\1/p' README.md").directory(ROOT.toFile()).start();
        String extracted = new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String ci = Files.readString(ROOT.resolve(".ci/run"));

        assertThat(extracted).isEqualTo(testCommand);
        assertThat(ci).contains("sed -n 's/^\\(\\.\\/mvnw [^#]*[^ #]\\) *# every test.*/\\1/p' README.md")
                .contains("env -u JAVA_HOME bash -c \"$test_command\"")
                .doesNotContain("ensure_java21");
    }

    /** A JDK home whose java reports the given version and does nothing else. */
    private static Path fakeJava(Path dir, String major) throws IOException {
        Path home = dir.resolve("jdk-" + major);
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String tool : List.of("java", "javac")) {
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho '    java.specification.version = " + major + "' >&2\n"
                    + "echo 'openjdk version \"" + major + ".0.15\"' >&2\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    private record Run(int exitCode, String output) {
    }

    private static Run wrapper(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("mvnw").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("mvnw", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("MAVEN_ARGS");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("./mvnw " + String.join(" ", args) + " did not finish within 120 s");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        return new Run(process.exitValue(), text);
    }
}

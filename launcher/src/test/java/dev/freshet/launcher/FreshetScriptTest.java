package dev.freshet.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The `./freshet` script: its choice of JDK (an older one is never used silently) and its help. */
class FreshetScriptTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void anOldJavaHomeWithNothingNewerFailsWithTheJdkMessage() throws Exception {
        Path old = fakeJdk("17");
        Path none = Files.createDirectories(tmp.resolve("no-jdks"));

        Result r = freshet(Map.of("JAVA_HOME", old.toString(), "FRESHET_JDK_DIRS", none + "/*"));

        assertThat(r.status).isEqualTo(1);
        assertThat(r.stderr.strip()).isEqualTo("Freshet needs a JDK 21 or newer: JAVA_HOME=" + old + " is Java 17, and none newer is in "
                + none + "/*; install one and set JAVA_HOME to it");
    }

    @Test
    void anOldJavaHomeGivesWayToANewerJdkFoundBeside() throws Exception {
        Path old = fakeJdk("17");
        Path dirs = Files.createDirectories(tmp.resolve("jdks"));
        Files.createSymbolicLink(dirs.resolve("current"), Path.of(System.getProperty("java.home")));

        Result r = freshet(Map.of("JAVA_HOME", old.toString(), "FRESHET_JDK_DIRS", dirs + "/*"));

        assertThat(r.stderr).doesNotContain("needs a JDK");
        assertThat(r.status).as("status of a home where nothing runs: %s", r.stdout + r.stderr).isEqualTo(StackControl.NOT_RUNNING);
        assertThat(r.stdout).contains("no stack runs");
    }

    @Test
    void helpIsAnsweredAtOnceWithoutBuildingAnything() throws Exception {
        for (String[] args : new String[][]{{"up", "--help"}, {"bench", "-h"}, {"help"}}) {
            Result r = run(Map.of(), args);

            assertThat(r.status).as(String.join(" ", args)).isZero();
            assertThat(r.stdout).as(String.join(" ", args)).contains("usage: ./freshet up").contains("./freshet bench").doesNotContain("building");
        }
        assertThat(run(Map.of(), "no-such-command").status).isEqualTo(2);
    }

    private Path fakeJdk(String version) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("jdk-" + version + "/bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = " + version + "' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin.getParent();
    }

    private Result freshet(Map<String, String> env) throws Exception {
        return run(env, "status", "--home", tmp.resolve("home").toString());
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("freshet").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Path stdout = tmp.resolve("stdout");
        Path stderr = tmp.resolve("stderr");
        Process p = pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private record Result(int status, String stdout, String stderr) {
    }
}

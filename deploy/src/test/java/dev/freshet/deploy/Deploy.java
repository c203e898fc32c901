package dev.freshet.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the deploy module's files are, whether the tests run from Maven or from an IDE. */
final class Deploy {

    private Deploy() {
    }

    static Path dir() {
        String configured = System.getProperty("freshet.deploy.dir");
        Path dir = configured != null ? Paths.get(configured) : Paths.get("").toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("helm/freshet")) && Files.isDirectory(dir.resolve("deploy/helm/freshet"))) {
            dir = dir.resolve("deploy");
        }
        return dir.toAbsolutePath().normalize();
    }

    static Path testResource(String name) {
        return dir().resolve("src/test/resources").resolve(name);
    }
}

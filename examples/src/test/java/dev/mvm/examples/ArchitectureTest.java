package dev.mvm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Checks the layout rules of ARCHITECTURE.md and STYLE.md over the source tree. */
@DisplayName("Architecture rules")
class ArchitectureTest {
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);

    private static List<Path> javaSources(String under) throws IOException {
        Path root = DocSnippets.repoRoot();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                Path src = module.resolve(under);
                if (Files.isDirectory(src)) {
                    try (Stream<Path> files = Files.walk(src)) {
                        files.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
                    }
                }
            }
        }
        return out;
    }

    @Test
    @DisplayName("every main package has a package-info.java marked @NullMarked")
    void nullMarked() throws IOException {
        Set<Path> packages = new TreeSet<>();
        for (Path f : javaSources("src/main/java")) {
            packages.add(f.getParent());
        }
        assertThat(packages).hasSizeGreaterThan(5);
        List<String> missing = new ArrayList<>();
        for (Path pkg : packages) {
            Path info = pkg.resolve("package-info.java");
            if (!Files.exists(info) || !Files.readString(info).contains("@NullMarked")) {
                missing.add(DocSnippets.repoRoot().relativize(pkg).toString());
            }
        }
        assertThat(missing).as("packages without @NullMarked package-info").isEmpty();
    }

    @Test
    @DisplayName("mvm-api depends on nothing but the JDK and JSpecify; adapters see only mvm-api of MVM")
    void dependencyDirection() throws IOException {
        Path root = DocSnippets.repoRoot();
        List<String> violations = new ArrayList<>();
        for (Path f : javaSources("src/main/java")) {
            String module = root.relativize(f).getName(0).toString();
            Matcher m = IMPORT.matcher(Files.readString(f));
            while (m.find()) {
                String pkg = m.group(1);
                boolean ok = switch (module) {
                    case "mvm-api" -> pkg.startsWith("java.") || pkg.startsWith("org.jspecify") || pkg.startsWith("dev.mvm.api");
                    case "mvm-s3-adapter", "mvm-mlflow-adapter" -> !pkg.startsWith("dev.mvm.")
                            || pkg.startsWith("dev.mvm.api") || pkg.startsWith("dev.mvm.s3") || pkg.startsWith("dev.mvm.mlflow");
                    default -> true;
                };
                if (!ok) {
                    violations.add(root.relativize(f) + " imports " + pkg);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    @DisplayName("published modules set Automatic-Module-Name")
    void moduleNames() throws IOException {
        Path root = DocSnippets.repoRoot();
        for (String module : List.of("mvm-api", "mvm-core", "mvm-s3-adapter", "mvm-mlflow-adapter")) {
            assertThat(Files.readString(root.resolve(module).resolve("pom.xml")))
                    .as(module).containsPattern("<module.name>dev\\.mvm\\.[a-z0-9.]+</module.name>");
        }
        assertThat(Files.readString(root.resolve("pom.xml"))).contains("<Automatic-Module-Name>${module.name}</Automatic-Module-Name>");
    }
}

package io.tweetstream.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's settings table is the declarations' own: generated, never edited by hand. */
class SettingsReferenceTest {

    private static final Path README = Path.of("..", "README.md");
    private static final String START = "<!-- settings:start (generated: do not edit by hand) -->\n";
    private static final String END = "<!-- settings:end -->";
    private static final String REGENERATE = "mvn -B -pl bootstrap -am test -Dtest=SettingsReferenceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dtweetstream.readme.update=true";

    @Test
    void theReadmeTableIsGeneratedFromTheDeclarations() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README.md has the generated table's markers").isNotNegative();
        assertThat(end).isGreaterThan(start);
        String generated = SettingsReference.markdown();

        if (Boolean.getBoolean("tweetstream.readme.update")) {
            Files.writeString(README, readme.substring(0, start + START.length()) + generated
                    + readme.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertThat(readme.substring(start + START.length(), end))
                .as("README.md's settings table differs from the declarations; regenerate it with:\n  " + REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void everyDeclaredSettingAndPrefixIsInTheTable() {
        String table = SettingsReference.markdown();

        for (String key : CoreSettings.definition().names()) {
            assertThat(table).contains("| `" + key + "` |");
        }
        assertThat(table).contains("| `file.directory` | required with `sinks=...file` |",
                "| `output.topic` | required with `sinks=...kafka` |",
                "| `stdout.prefix` |", "| `kafka.producer.<any>` |", "| `spark.conf.<any>` |");
    }
}

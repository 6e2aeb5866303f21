package io.tweetstream.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.launcher.JavaModuleOptions;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The root pom's {@code spark.jvm.options} is Spark's own list of JVM flags ({@link JavaModuleOptions}, what
 * spark-submit adds to every Spark JVM), so the test JVMs, the Spark JVMs the integration tests start, and the
 * launcher ({@code ./tweetstream}, the demo included) run Spark as spark-submit would. After a Spark upgrade this
 * test names the flags to add to, or remove from, the pom.
 */
class SparkJvmOptionsTest {

    /** Set by Surefire and Failsafe from the root pom's {@code spark.jvm.options}. */
    private static final String PROPERTY = "tweetstream.spark.jvm.options";

    /** What the resources plug-in writes for the launcher scripts (the same property, filtered). */
    private static final Path LAUNCHER_OPTIONS = Path.of("target", "launcher", "spark-jvm-options.txt");

    /** Flags we add on purpose to Spark's list, each with its reason. None today: Spark's list is enough. */
    private static final Set<String> OURS = Set.of();

    @Test
    void thePomListIsSparksList() {
        List<String> pom = pomList();
        Set<String> spark = new LinkedHashSet<>(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));

        List<String> missing = new ArrayList<>(spark);
        missing.removeAll(pom);
        List<String> extra = new ArrayList<>(pom);
        extra.removeAll(spark);
        extra.removeAll(OURS);

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(missing).as("flags of Spark's JavaModuleOptions missing from the root pom's spark.jvm.options")
                .isEmpty();
        softly.assertThat(extra).as("flags in the root pom's spark.jvm.options that Spark's JavaModuleOptions does not"
                + " have (add them to OURS, with the reason, if they are on purpose)").isEmpty();
        softly.assertThat(pom).as("the root pom's spark.jvm.options").doesNotHaveDuplicates();
        softly.assertAll();
    }

    @Test
    void theLauncherGetsThePomList() throws IOException {
        assertThat(LAUNCHER_OPTIONS).as("written by the resources plug-in at generate-resources").exists();

        assertThat(split(Files.readString(LAUNCHER_OPTIONS, StandardCharsets.UTF_8)))
                .as("the JVM flags of ./tweetstream (%s)", LAUNCHER_OPTIONS).isEqualTo(pomList());
    }

    @Test
    void theTestJvmsRunWithThePomList() {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .as("the flags of this test JVM (Surefire's argLine)").containsAll(pomList());
    }

    private static List<String> pomList() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            fail("system property " + PROPERTY + " not set: run this test with Maven (Surefire sets it from the pom)");
        }
        return split(value);
    }

    private static List<String> split(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}

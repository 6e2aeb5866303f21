package io.tweetstream.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production code of every module, the benchmarks included (bootstrap's test class path holds them all), obeys
 * the rules.
 */
class ArchitectureTest {

    private static final String ROOT = "io.tweetstream";
    private static JavaClasses production;

    /** Test classes and test-jars (the in-memory fakes) are not production code. */
    static final class ProductionCodeOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar.*"));
        }
    }

    @BeforeAll
    static void importProductionCode() {
        production = new ClassFileImporter().withImportOption(new ProductionCodeOnly()).importPackages(ROOT);
    }

    @Test
    void everyModuleIsScannedTheBenchmarksToo() {
        assertThat(ArchitectureRules.adapters(production, ROOT))
                .contains("avro", "file", "inprocess", "kafka", "spark"); // and any adapter added since
        assertThat(production.containPackage(ROOT + ".benchmarks")).isTrue();
        assertThat(production.containPackage(ROOT + ".testkit")).isTrue();
        assertThat(production.containPackage(ROOT + ".kafkasource")).isTrue();
        assertThat(production.containPackage(ROOT + ".plugin")).isTrue();
    }

    @Test
    void onionArchitecture() {
        ArchitectureRules.onion(ROOT, ArchitectureRules.adapters(production, ROOT)).check(production);
    }

    @Test
    void adaptersUsePortsNotTheService() {
        ArchitectureRules.adaptersUsePortsNotTheService(ROOT).check(production);
    }

    @Test
    void noProductionCodeDependsOnTheTestKit() {
        ArchitectureRules.noProductionCodeDependsOnTheTestKit(ROOT).check(production);
    }

    @Test
    void sharedLibrariesDependOnTheCoreOnly() {
        ArchitectureRules.sharedLibrariesDependOnTheCoreOnly(ROOT).check(production);
    }

    @Test
    void domainDependsOnJavaOnly() {
        ArchitectureRules.domainDependsOnJavaOnly(ROOT).check(production);
    }

    @Test
    void portsDependOnDomainOnly() {
        ArchitectureRules.portsDependOnDomainOnly(ROOT).check(production);
    }

    @Test
    void inPortsAndOutPortsAreIndependent() {
        ArchitectureRules.inPortsDoNotDependOnOutPorts(ROOT).check(production);
        ArchitectureRules.outPortsDoNotDependOnInPorts(ROOT).check(production);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        ArchitectureRules.adaptersDoNotDependOnEachOther(ROOT).check(production);
    }

    @Test
    void nothingDependsOnBootstrap() {
        ArchitectureRules.nothingDependsOnBootstrap(ROOT).check(production);
    }

    @Test
    void onlyBootstrapCreatesTheInjector() {
        ArchitectureRules.onlyBootstrapCreatesTheInjector(ROOT).check(production);
    }

    @Test
    void noFieldInjection() {
        ArchitectureRules.noFieldInjection().check(production);
    }
}

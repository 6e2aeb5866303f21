package io.tweetstream.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each rule, run over {@code io.tweetstream.archfixture} (a copy of our layout with one deliberate violation
 * per rule), must fail and name the offending class: a rule that cannot fail checks nothing.
 */
class ArchitectureRulesCanFailTest {

    private static final String FIXTURE = "io.tweetstream.archfixture";
    private static JavaClasses fixture;

    @BeforeAll
    static void importFixture() {
        fixture = new ClassFileImporter().importPackages(FIXTURE);
    }

    @Test
    void onionFailsWhenTheDomainUsesAnAdapter() {
        assertViolation(ArchitectureRules.onion(FIXTURE, ArchitectureRules.adapters(fixture, FIXTURE)), "domain.DomainCallingAnAdapter");
    }

    @Test
    void onionFailsWhenAnApplicationServiceUsesAnAdapter() {
        assertViolation(ArchitectureRules.onion(FIXTURE, ArchitectureRules.adapters(fixture, FIXTURE)), "application.service.ServiceCallingAnAdapter");
    }

    @Test
    void domainRuleFailsOnAFrameworkImport() {
        assertViolation(ArchitectureRules.domainDependsOnJavaOnly(FIXTURE), "domain.DomainUsingGuice");
    }

    @Test
    void portsRuleFailsOnAFrameworkImport() {
        assertViolation(ArchitectureRules.portsDependOnDomainOnly(FIXTURE), "application.port.out.PortUsingGuice");
    }

    @Test
    void inPortRuleFailsWhenAnInPortUsesAnOutPort() {
        assertViolation(ArchitectureRules.inPortsDoNotDependOnOutPorts(FIXTURE), "application.port.in.InPortUsingOutPort");
    }

    @Test
    void outPortRuleFailsWhenAnOutPortUsesAnInPort() {
        assertViolation(ArchitectureRules.outPortsDoNotDependOnInPorts(FIXTURE), "application.port.out.OutPortUsingInPort");
    }

    @Test
    void adapterRuleFailsWhenOneAdapterUsesAnother() {
        assertViolation(ArchitectureRules.adaptersDoNotDependOnEachOther(FIXTURE), "adapter.kafka.KafkaUsingAvro");
    }

    @Test
    void bootstrapRuleFailsWhenAnAdapterUsesBootstrap() {
        assertViolation(ArchitectureRules.nothingDependsOnBootstrap(FIXTURE), "adapter.spark.SparkUsingBootstrap");
    }

    @Test
    void onionStillFailsWhenAnAdapterUsesAnotherDespiteTheBootstrapExemption() {
        assertViolation(ArchitectureRules.onion(FIXTURE, ArchitectureRules.adapters(fixture, FIXTURE)), "adapter.kafka.KafkaUsingAvro");
    }

    @Test
    void injectorRuleFailsWhenAnAdapterCreatesAnInjector() {
        assertViolation(ArchitectureRules.onlyBootstrapCreatesTheInjector(FIXTURE), "adapter.spark.SparkCreatingAnInjector");
    }

    @Test
    void serviceRuleFailsWhenAnAdapterUsesTheServiceInsteadOfAPort() {
        assertViolation(ArchitectureRules.adaptersUsePortsNotTheService(FIXTURE), "adapter.spark.SparkRunningTheService");
    }

    @Test
    void testKitRuleFailsWhenProductionCodeUsesTheTestKit() {
        assertViolation(ArchitectureRules.noProductionCodeDependsOnTheTestKit(FIXTURE),
                "adapter.kafka.KafkaUsingTheTestKit");
    }

    @Test
    void testKitRuleLetsTheDemoUseTheBroker() {
        ArchitectureRules.noProductionCodeDependsOnTheTestKit(FIXTURE)
                .check(new ClassFileImporter().importClasses(
                        io.tweetstream.archfixture.bootstrap.demo.DemoBroker.class,
                        io.tweetstream.archfixture.testkit.Broker.class,
                        io.tweetstream.archfixture.domain.DomainModel.class));
    }

    @Test
    void sharedLibraryRuleFailsWhenTheKafkaSourceUsesAnAdapter() {
        assertViolation(ArchitectureRules.sharedLibrariesDependOnTheCoreOnly(FIXTURE),
                "kafkasource.SourceUsingAnAdapter");
    }

    @Test
    void theBenchmarksAreCheckedLikeEverythingElse() {
        assertViolation(ArchitectureRules.nothingDependsOnBootstrap(FIXTURE), "benchmarks.BenchmarkUsingBootstrap");
    }

    @Test
    void fieldInjectionRuleFailsOnAnInjectedField() {
        assertViolation(ArchitectureRules.noFieldInjection(), "adapter.avro.AvroWithFieldInjection");
    }

    private static void assertViolation(ArchRule rule, String offender) {
        assertThatThrownBy(() -> rule.check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(FIXTURE + "." + offender);
    }
}

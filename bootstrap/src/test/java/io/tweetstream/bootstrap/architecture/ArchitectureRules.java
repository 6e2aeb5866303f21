package io.tweetstream.bootstrap.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.google.inject.Guice;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.Set;
import java.util.TreeSet;

/**
 * The architecture as executable rules, parameterised by the root package so the same rules run over the
 * production code ({@code io.tweetstream}) and over a fixture of deliberate violations (which proves each
 * rule can fail).
 *
 * <p>Layout: {@code <root>.domain} (pure Java: the model, and the transformation, parallelism and start-position
 * policies) &lt;- {@code <root>.application} (ports, the service, the engine lifecycle contract) &lt;- the libraries
 * adapters share ({@code <root>.plugin}, the sink plug-in API; {@code <root>.kafkasource}, what engines reading Kafka
 * share) &lt;- {@code <root>.adapter.<name>} (one per adapter module, found, not listed) &lt;- {@code <root>.bootstrap}.
 * Beside them, {@code <root>.testkit} (a real broker for tests and the demo) and {@code <root>.benchmarks}.
 */
final class ArchitectureRules {

    /** The one production class allowed to use the test kit: the local demo starts its embedded broker. */
    static final String DEMO = ".bootstrap.demo.DemoBroker";

    private ArchitectureRules() {
    }

    /** The adapters present: every {@code <root>.adapter.<name>} package, so a new adapter module needs no edit here. */
    static Set<String> adapters(JavaClasses classes, String root) {
        String prefix = root + ".adapter.";
        Set<String> names = new TreeSet<>();
        for (JavaClass c : classes) {
            if (c.getPackageName().startsWith(prefix)) {
                names.add(c.getPackageName().substring(prefix.length()).split("\\.")[0]);
            }
        }
        return names;
    }

    static ArchRule onion(String root, Set<String> adapters) {
        var onion = onionArchitecture()
                .domainModels(root + ".domain")
                .domainServices(root + ".domain.transform..", root + ".domain.parallelism..",
                        root + ".domain.position..")
                .applicationServices(root + ".application..");
        for (String adapter : adapters) {
            onion = onion.adapter(adapter, root + ".adapter." + adapter + "..");
        }
        // The composition root wires every ring together: it may use them all (and nothing may use it). The libraries
        // adapters share, the test kit and the benchmarks stand outside the rings; rules of their own hold them.
        return onion.ignoreDependency(resideInAPackage(root + ".bootstrap.."), DescribedPredicate.alwaysTrue())
                .ignoreDependency(resideInAnyPackage(root + ".plugin..", root + ".kafkasource..", root + ".testkit..",
                        root + ".benchmarks.."), DescribedPredicate.alwaysTrue());
    }

    static ArchRule domainDependsOnJavaOnly(String root) {
        return classes().that().resideInAPackage(root + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", root + ".domain..")
                .because("the domain is plain Java: no framework, no logging, no wire format");
    }

    static ArchRule portsDependOnDomainOnly(String root) {
        return classes().that().resideInAPackage(root + ".application..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", root + ".domain..", root + ".application..")
                .because("ports name roles, not technologies");
    }

    static ArchRule inPortsDoNotDependOnOutPorts(String root) {
        return noClasses().that().resideInAPackage(root + ".application.port.in..")
                .should().dependOnClassesThat().resideInAPackage(root + ".application.port.out..")
                .because("what the application offers and what it needs are independent");
    }

    static ArchRule outPortsDoNotDependOnInPorts(String root) {
        return noClasses().that().resideInAPackage(root + ".application.port.out..")
                .should().dependOnClassesThat().resideInAPackage(root + ".application.port.in..")
                .because("what the application needs must not know what it offers");
    }

    static ArchRule adaptersDoNotDependOnEachOther(String root) {
        return slices().matching(root + ".adapter.(*)..").namingSlices("adapter $1")
                .should().notDependOnEachOther()
                .because("an adapter meets other adapters only through ports, wired in bootstrap");
    }

    static ArchRule nothingDependsOnBootstrap(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".bootstrap..")
                .should().dependOnClassesThat().resideInAPackage(root + ".bootstrap..")
                .because("bootstrap is the outermost ring: it knows everything, nothing knows it");
    }

    static ArchRule onlyBootstrapCreatesTheInjector(String root) {
        DescribedPredicate<JavaClass> guice = DescribedPredicate.describe("Guice", c -> c.isEquivalentTo(Guice.class));
        return noClasses().that().resideOutsideOfPackage(root + ".bootstrap..")
                .should().callMethodWhere(target(name("createInjector")).and(target(owner(guice))))
                .because("only the composition root builds the object graph (on the driver)");
    }

    static ArchRule adaptersUsePortsNotTheService(String root) {
        return noClasses().that().resideInAPackage(root + ".adapter..")
                .should().dependOnClassesThat().resideInAPackage(root + ".application.service..")
                .because("an engine drives the use case through its in-port (port.in), sinks implement out-ports "
                        + "(port.out): the service behind them may change without touching an adapter");
    }

    static ArchRule noProductionCodeDependsOnTheTestKit(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".testkit..")
                .and().doNotHaveFullyQualifiedName(root + DEMO)
                .should().dependOnClassesThat().resideInAPackage(root + ".testkit..")
                .because("the embedded broker is for tests and the local demo, never for the job itself");
    }

    static ArchRule sharedLibrariesDependOnTheCoreOnly(String root) {
        return noClasses().that().resideInAnyPackage(root + ".plugin..", root + ".kafkasource..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".adapter..", root + ".bootstrap..",
                        root + ".testkit..")
                .because("what adapters share sits between the ports and the adapters: it knows no adapter");
    }

    static ArchRule noFieldInjection() {
        return GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
    }
}

package io.tweetstream.bootstrap.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.google.inject.Guice;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.List;

/**
 * The architecture as executable rules, parameterised by the root package so the same rules run over the
 * production code ({@code io.tweetstream}) and over a fixture of deliberate violations (which proves each
 * rule can fail).
 *
 * <p>Layout: {@code <root>.domain} (pure Java: the model, and the transformation and parallelism services) &lt;- {@code <root>.application} (ports and the service)
 * &lt;- {@code <root>.adapter.<name>} (one per adapter module) &lt;- {@code <root>.bootstrap}.
 */
final class ArchitectureRules {

    /** One entry per adapter module. Adding an adapter module means adding its name here. */
    static final List<String> ADAPTERS = List.of("avro", "kafka", "spark", "file");

    private ArchitectureRules() {
    }

    static ArchRule onion(String root) {
        var onion = onionArchitecture()
                .domainModels(root + ".domain")
                .domainServices(root + ".domain.transform..", root + ".domain.parallelism..")
                .applicationServices(root + ".application..");
        for (String adapter : ADAPTERS) {
            onion = onion.adapter(adapter, root + ".adapter." + adapter + "..");
        }
        // The composition root wires every ring together: it may use them all (and nothing may use it).
        return onion.ignoreDependency(resideInAPackage(root + ".bootstrap.."), DescribedPredicate.alwaysTrue());
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

    static ArchRule noFieldInjection() {
        return GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
    }
}

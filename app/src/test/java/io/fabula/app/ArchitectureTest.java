package io.fabula.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The dependency rule of SPEC §1, checked on the compiled production classes of every module (the app
 * depends on all of them, so all are on this test's classpath).
 *
 * <p>Every rule refuses to pass vacuously ({@code allowEmptyShould(false)}): a misspelt package, or a
 * module whose classes are missing from the classpath, fails the rule instead of silently checking
 * nothing. Each rule was also seen failing once on a deliberately violating class.
 *
 * <p>The rules are methods, not {@code ArchRule} fields: Surefire 3.5.3 silently skips field rules
 * (TNG/ArchUnit#1442), and a skipped architecture test is worse than none.
 */
@AnalyzeClasses(packages = "io.fabula", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static void domain_depends_on_nothing_but_the_jdk(JavaClasses fabula) {
        classes().that().resideInAPackage("io.fabula.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.fabula.domain..")
                .allowEmptyShould(false)
                .check(fabula);
    }

    @ArchTest
    static void application_depends_only_on_the_domain(JavaClasses fabula) {
        classes().that().resideInAPackage("io.fabula.application..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.fabula.domain..", "io.fabula.application..")
                .allowEmptyShould(false)
                .check(fabula);
    }

    @ArchTest
    static void event_codec_depends_only_on_the_domain_the_application_records_and_jackson(JavaClasses fabula) {
        // the flow's messages (tasks, results, dead letters) are application records: io.fabula.codec.flow reads them
        classes().that().resideInAPackage("io.fabula.codec..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", "io.fabula.domain..", "io.fabula.application..", "io.fabula.codec..", "com.fasterxml.jackson..")
                .allowEmptyShould(false)
                .check(fabula);
    }

    @ArchTest
    static void inbound_adapters_never_use_outbound_adapters(JavaClasses fabula) {
        noClasses().that().resideInAPackage("io.fabula.adapters.in..")
                .should().dependOnClassesThat().resideInAPackage("io.fabula.adapters.out..")
                .allowEmptyShould(false)
                .check(fabula);
    }

    @ArchTest
    static void outbound_adapters_never_use_each_other(JavaClasses fabula) {
        slices().matching("io.fabula.adapters.out.(*)..")
                .should().notDependOnEachOther()
                .allowEmptyShould(false)
                .check(fabula);
    }

    @ArchTest
    static void outbound_adapters_never_use_inbound_adapters(JavaClasses fabula) {
        noClasses().that().resideInAPackage("io.fabula.adapters.out..")
                .should().dependOnClassesThat().resideInAPackage("io.fabula.adapters.in..")
                .allowEmptyShould(false)
                .check(fabula);
    }

    @ArchTest
    static void no_adapter_depends_on_the_app(JavaClasses fabula) {
        noClasses().that().resideInAPackage("io.fabula.adapters..")
                .should().dependOnClassesThat().resideInAPackage("io.fabula.app..")
                .allowEmptyShould(false)
                .check(fabula);
    }
}

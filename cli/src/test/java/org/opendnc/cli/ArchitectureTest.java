package org.opendnc.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The module rules of docs/architecture.md, checked on the compiled classes of every module (the
 * CLI's test class path holds them all). Maven already keeps a module from using one it does not
 * depend on; these rules say what each module may use of the outside world, and keep a dependency
 * added to a pom from quietly breaking the layering.
 */
@AnalyzeClasses(packages = "org.opendnc", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String CORE = "org.opendnc.core..";
  private static final String[] LIBRARY_MODULES = {
      "org.opendnc.core..", "org.opendnc.ledger..", "org.opendnc.store..", "org.opendnc.engine..",
      "org.opendnc.audit..", "org.opendnc.investigate.."};

  /** Modules, lowest first; each may use those below it that its pom names. */
  @ArchTest
  static final ArchRule modulesAreLayered = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("core").definedBy("org.opendnc.core..")
      .layer("ledger").definedBy("org.opendnc.ledger..")
      .layer("store").definedBy("org.opendnc.store..")
      .layer("engine").definedBy("org.opendnc.engine..")
      .layer("audit").definedBy("org.opendnc.audit..")
      .layer("investigate").definedBy("org.opendnc.investigate..")
      .layer("server").definedBy("org.opendnc.server..")
      .layer("cli").definedBy("org.opendnc.cli..")
      .whereLayer("cli").mayNotBeAccessedByAnyLayer()
      .whereLayer("server").mayOnlyBeAccessedByLayers("cli")
      .whereLayer("investigate").mayOnlyBeAccessedByLayers("server", "cli")
      .whereLayer("audit").mayOnlyBeAccessedByLayers("server", "cli")
      .whereLayer("engine").mayOnlyBeAccessedByLayers("audit", "server", "cli")
      .whereLayer("store").mayOnlyBeAccessedByLayers("engine", "audit", "investigate", "server", "cli")
      .whereLayer("ledger").mayOnlyBeAccessedByLayers("store", "engine", "audit", "investigate", "server", "cli");

  /**
   * Core is the engine's pure part (numbers, index, checks, receipts, profiles): the JDK and the
   * libraries it names in its pom, no framework, no database, no logging (decisions 0002, 0059).
   */
  @ArchTest
  static final ArchRule coreUsesOnlyItsLibraries = classes().that().resideInAPackage(CORE)
      .should().onlyDependOnClassesThat().resideInAnyPackage(CORE, "java..",
          "com.google.i18n.phonenumbers..", "org.roaringbitmap..", "com.fasterxml.jackson..",
          "it.unimi.dsi.fastutil..");

  /** SQL stays in the store; investigate reads seized SQLite files (and writes sample ones). */
  @ArchTest
  static final ArchRule onlyTheStoreUsesJdbc = noClasses()
      .that().resideOutsideOfPackages("org.opendnc.store..", "org.opendnc.investigate.ingest..",
          "org.opendnc.investigate.sample..")
      .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..",
          "org.flywaydb..", "com.zaxxer.hikari..", "org.sqlite..", "org.postgresql..");

  /** HTTP, pages, sessions, passwords, rate limits and metrics belong to the server. */
  @ArchTest
  static final ArchRule onlyTheServerSpeaksHttp = noClasses()
      .that().resideOutsideOfPackage("org.opendnc.server..")
      .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..",
          "jakarta.servlet..", "gg.jte..", "com.password4j..", "io.github.bucket4j..",
          "io.micrometer..");

  /** The library modules report through return values, callbacks and SLF4J, never the console. */
  @ArchTest
  static final ArchRule libraryModulesDoNotPrint = noClasses()
      .that().resideInAnyPackage(LIBRARY_MODULES)
      .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS);

  @ArchTest
  static final ArchRule noJavaUtilLogging = GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

  /** Packages inside a module do not depend on each other in a circle. */
  @ArchTest
  static final ArchRule packagesAreFreeOfCycles = slices().matching("org.opendnc.(*).(**)")
      .should().beFreeOfCycles();
}

package io.github.herokupg.architecture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.github.herokupg.jdbc.PostgresConnector;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.context.annotation.Bean;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the starter's packages, checked on the compiled main classes.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.herokupg");

	@Test
	void urlKnowsNeitherSpringNorThePool() {
		noClasses().that()
			.resideInAPackage("io.github.herokupg.url..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "com.zaxxer..", "javax.sql..")
			.check(classes);
	}

	@Test
	void sourcesKnowNeitherConnectionsNorPools() {
		noClasses().that()
			.resideInAPackage("io.github.herokupg.credentials.source..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("java.sql..", "javax.sql..", "com.zaxxer..", "io.github.herokupg.jdbc..",
					"io.github.herokupg.routing..")
			.check(classes);
	}

	@Test
	void theReactiveSideKnowsNeitherJdbcNorSpring() {
		// an R2DBC-only application has neither HikariCP nor spring-boot-jdbc
		noClasses().that()
			.resideInAPackage("io.github.herokupg.r2dbc..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "com.zaxxer..", "javax.sql..", "io.github.herokupg.jdbc..",
					"io.github.herokupg.routing..")
			.check(classes);
	}

	@Test
	void followersAreTheSameForBothSides() {
		// the replication check and the followers' turns serve JDBC and R2DBC alike
		noClasses().that()
			.resideInAPackage("io.github.herokupg.replication..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "com.zaxxer..", "java.sql..", "javax.sql..", "io.r2dbc..",
					"reactor..", "io.github.herokupg.jdbc..", "io.github.herokupg.routing..",
					"io.github.herokupg.r2dbc..")
			.check(classes);
	}

	@Test
	void theJdbcSideKnowsNothingOfR2dbc() {
		noClasses().that()
			.resideInAnyPackage("io.github.herokupg.jdbc..", "io.github.herokupg.routing..",
					"io.github.herokupg.credentials..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.r2dbc..", "reactor..", "io.github.herokupg.r2dbc..")
			.check(classes);
	}

	@Test
	void healthDoesNotDependOnTheEndpoint() {
		noClasses().that()
			.resideInAPackage("io.github.herokupg.health..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.herokupg.actuate..")
			.check(classes);
	}

	@Test
	void connectorsAreOneBean() {
		// two beans of one type would make injection by type ambiguous
		noMethods().that()
			.areAnnotatedWith(Bean.class)
			.should()
			.haveRawReturnType(PostgresConnector.class)
			.check(classes);
	}

	@Test
	void packagesHaveNoCycles() {
		slices().matching("io.github.herokupg.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void autoConfigurationsArePublicAndFinal() {
		classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(JavaModifier.FINAL)
			.check(classes);
	}

	@Test
	void beanMethodsArePackagePrivate() {
		methods().that()
			.areAnnotatedWith(Bean.class)
			.should()
			.notBePublic()
			.andShould()
			.notBeProtected()
			.andShould()
			.notBePrivate()
			.check(classes);
	}

	@Test
	void onlyFailureAnalyzersGiveAdvice() {
		noClasses().that()
			.resideInAnyPackage("io.github.herokupg.url..", "io.github.herokupg.credentials..")
			.should(mentionStarterProperties())
			.check(classes);
		classes().that()
			.areAssignableTo(FailureAnalyzer.class)
			.should()
			.resideInAPackage("io.github.herokupg.autoconfigure")
			.check(classes);
	}

	@Test
	void exceptionsOfUrlAndCredentialsCarryNoAction() {
		noClasses().that()
			.resideInAnyPackage("io.github.herokupg.url..", "io.github.herokupg.credentials..")
			.and()
			.areAssignableTo(Throwable.class)
			.should(haveAMethodNamedLike("getAction"))
			.check(classes);
	}

	/**
	 * Whether a class's constant pool names a {@code heroku.postgres.} property: advice
	 * to change one belongs to the failure analyzers.
	 */
	private static ArchCondition<JavaClass> mentionStarterProperties() {
		return new ArchCondition<>("mention heroku.postgres.* properties") {

			@Override
			public void check(JavaClass javaClass, ConditionEvents events) {
				String resource = javaClass.getName().replace('.', '/') + ".class";
				try (InputStream in = ArchitectureTests.class.getClassLoader().getResourceAsStream(resource)) {
					String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
					if (bytes.contains("heroku.postgres.")) {
						events.add(SimpleConditionEvent.satisfied(javaClass,
								javaClass.getName() + " names a heroku.postgres.* property"));
					}
				}
				catch (IOException | NullPointerException ex) {
					throw new IllegalStateException("cannot read " + resource, ex);
				}
			}

		};
	}

	private static ArchCondition<JavaClass> haveAMethodNamedLike(String name) {
		return new ArchCondition<>("have a method named " + name) {

			@Override
			public void check(JavaClass javaClass, ConditionEvents events) {
				javaClass.getMethods()
					.stream()
					.filter((method) -> method.getName().equals(name))
					.forEach((method) -> events.add(SimpleConditionEvent.satisfied(javaClass,
							method.getFullName() + " gives advice")));
			}

		};
	}

}
